using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>Headers arrive, then the connection is reset before any of the promised body.</summary>
internal sealed record ResetAfterHeadersResponse(int Status) : FakeResponse
{
    // On some stacks (Windows) an incoming RST discards received-but-unread data, so the client
    // would never see the headers; a short pause lets it read them before the reset lands.
    private static readonly TimeSpan HeadersFirst = TimeSpan.FromMilliseconds(50);

    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        await context.WriteAsync(ResponseHead.Build(Status,
        [
            new KeyValuePair<string, string>("Content-Type", "application/json"),
            new KeyValuePair<string, string>("Content-Length", "100"),
        ])).ConfigureAwait(false);
        await context.DelayAsync(HeadersFirst).ConfigureAwait(false);
        return context.Reset();
    }
}
