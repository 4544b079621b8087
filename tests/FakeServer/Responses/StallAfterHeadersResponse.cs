using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// Headers, then silence with the connection open: exercises read timeouts and cancellation
/// that must fire after the response has started. Ends only when the server is disposed.
/// </summary>
internal sealed record StallAfterHeadersResponse : FakeResponse
{
    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        await context.WriteAsync(ResponseHead.Build(200,
        [
            new KeyValuePair<string, string>("Content-Type", "application/json"),
            new KeyValuePair<string, string>("Content-Length", "1000"),
        ])).ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite, context.Cancellation).ConfigureAwait(false);
        return ConnectionFate.Close;
    }
}
