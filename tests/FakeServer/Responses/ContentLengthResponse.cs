using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>An ordinary, well-framed response; the connection stays usable afterwards.</summary>
internal sealed record ContentLengthResponse(
    int Status, string ContentType, byte[] Body, IReadOnlyDictionary<string, string>? Headers) : FakeResponse
{
    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        var defaults = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", ContentType),
            new("Content-Length", Body.Length.ToString(CultureInfo.InvariantCulture)),
        };
        if (context.ClientWantsClose)
        {
            defaults.Add(new("Connection", "close"));
        }

        var headers = ResponseHead.Merge(defaults, Headers);
        byte[] head = ResponseHead.Build(Status, headers);

        // Head and body in one write, so a keep-alive client never sees them as separate segments by accident.
        var message = new byte[head.Length + Body.Length];
        head.CopyTo(message, 0);
        Body.CopyTo(message, head.Length);
        await context.WriteAsync(message).ConfigureAwait(false);
        return context.KeepAliveUnless(ResponseHead.SaysClose(headers));
    }
}
