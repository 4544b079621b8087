using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// Content-Length promises 50 bytes more than are sent, then a clean FIN: the client must
/// report a truncated body rather than accept what it got.
/// </summary>
internal sealed record TruncatedBodyResponse(byte[] Body) : FakeResponse
{
    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        await context.WriteAsync(ResponseHead.Build(200,
        [
            new KeyValuePair<string, string>("Content-Type", "application/json"),
            new KeyValuePair<string, string>("Content-Length", (Body.Length + 50).ToString(CultureInfo.InvariantCulture)),
        ])).ConfigureAwait(false);
        await context.WriteAsync(Body).ConfigureAwait(false);
        return ConnectionFate.Close;
    }
}
