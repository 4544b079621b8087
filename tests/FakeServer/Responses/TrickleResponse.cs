using System;
using System.IO;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// A slow link: the bytes <see cref="Inner"/> would write (captured first, so any well-framed
/// response will do) leave one at a time, <see cref="PerByte"/> apart. With
/// <see cref="TrickleHead"/> false the status line and headers go at once and only the body
/// trickles. Every pause is cut short by disposing the server.
/// </summary>
internal sealed record TrickleResponse(FakeResponse Inner, TimeSpan PerByte, bool TrickleHead) : FakeResponse
{
    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        using var captured = new MemoryStream();
        var fate = await Inner.WriteAsync(context.WritingTo(captured)).ConfigureAwait(false);
        if (fate == ConnectionFate.Reset)
        {
            return fate; // the inner response already aborted the real socket: nothing to send
        }

        byte[] bytes = captured.ToArray();
        int start = 0;
        if (!TrickleHead)
        {
            start = HeadLength(bytes);
            await context.WriteAsync(bytes.AsMemory(0, start)).ConfigureAwait(false);
        }

        for (int i = start; i < bytes.Length; i++)
        {
            if (i > start || TrickleHead)
            {
                await context.DelayAsync(PerByte).ConfigureAwait(false);
            }

            await context.WriteAsync(bytes.AsMemory(i, 1)).ConfigureAwait(false);
        }

        return fate;
    }

    /// <summary>Bytes up to and including the blank line that ends the header block (all of them if there is none).</summary>
    private static int HeadLength(byte[] bytes)
    {
        for (int i = 3; i < bytes.Length; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i + 1;
            }
        }

        return bytes.Length;
    }
}
