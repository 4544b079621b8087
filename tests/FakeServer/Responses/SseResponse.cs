using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// A text/event-stream answer framed by closing the connection (no Content-Length, no chunked
/// coding), so the bytes the client parses are exactly the events the test scripted.
/// </summary>
internal sealed record SseResponse(
    IReadOnlyList<byte[]> Events, int? ChunkSize, TimeSpan? Delay, IReadOnlyDictionary<string, string>? Headers) : FakeResponse
{
    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        var headers = ResponseHead.Merge(
        [
            new("Content-Type", "text/event-stream"),
            new("Cache-Control", "no-cache"),
            new("Connection", "close"),
        ], Headers);
        await context.WriteAsync(ResponseHead.Build(200, headers)).ConfigureAwait(false);

        // The pause also comes before the first write, so a test can act between headers and data.
        if (ChunkSize is { } size)
        {
            byte[] stream = Events.SelectMany(e => e).ToArray();
            if (Delay is { } pause)
            {
                await context.DelayAsync(pause).ConfigureAwait(false);
            }

            await context.WritePiecesAsync(stream, size, Delay).ConfigureAwait(false);
        }
        else
        {
            for (int i = 0; i < Events.Count; i++)
            {
                if (Delay is { } pause)
                {
                    await context.DelayAsync(pause).ConfigureAwait(false);
                }

                await context.WriteAsync(Events[i]).ConfigureAwait(false);
            }
        }

        return ConnectionFate.Close;
    }
}
