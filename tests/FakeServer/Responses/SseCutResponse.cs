using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>How an <see cref="SseCutResponse"/> ends after its last byte.</summary>
public enum CutMode
{
    /// <summary>A clean close (FIN): the client reads end-of-stream.</summary>
    Fin,

    /// <summary>An abortive close (RST): the client reads ECONNRESET.</summary>
    Reset,

    /// <summary>The connection stays open and silent until the server is disposed.</summary>
    Stall,
}

/// <summary>
/// The head of a text/event-stream answer, then exactly the first <see cref="CutAfterBytes"/>
/// bytes of its body (counted from the first body byte, head excluded) in one write, then
/// <see cref="Mode"/>. Lets a test cut an SSE stream at every byte offset.
/// </summary>
internal sealed record SseCutResponse(byte[] Body, int CutAfterBytes, CutMode Mode) : FakeResponse
{
    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        await context.WriteAsync(ResponseHead.Build(200,
        [
            new KeyValuePair<string, string>("Content-Type", "text/event-stream"),
            new KeyValuePair<string, string>("Cache-Control", "no-cache"),
            new KeyValuePair<string, string>("Connection", "close"),
        ])).ConfigureAwait(false);
        int cut = Math.Clamp(CutAfterBytes, 0, Body.Length);
        if (cut > 0)
        {
            await context.WriteAsync(Body.AsMemory(0, cut)).ConfigureAwait(false);
        }

        switch (Mode)
        {
            case CutMode.Reset:
                return context.Reset();
            case CutMode.Stall:
                await Task.Delay(Timeout.Infinite, context.Cancellation).ConfigureAwait(false);
                return ConnectionFate.Close;
            default:
                return ConnectionFate.Close;
        }
    }
}
