using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// A 200 whose JSON-looking body (<c>{"choices":[{"message":{"content":"xxxx…</c>) is
/// <see cref="Bytes"/> long, generated in 64 KiB pieces so the server never holds it. With
/// <see cref="DeclareLength"/> the Content-Length says so up front; without it the body is
/// framed by closing the connection, so a client only finds out by reading. The body never
/// closes its string: it is the size that matters, and a client must stop reading long before.
/// </summary>
internal sealed record HugeBodyResponse(long Bytes, bool DeclareLength) : FakeResponse
{
    private const int PieceSize = 64 * 1024;
    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("{\"choices\":[{\"message\":{\"content\":\"");

    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", "application/json") };
        headers.Add(DeclareLength
            ? new("Content-Length", Bytes.ToString(CultureInfo.InvariantCulture))
            : new("Connection", "close"));
        await context.WriteAsync(ResponseHead.Build(200, headers)).ConfigureAwait(false);

        var piece = new byte[PieceSize];
        piece.AsSpan().Fill((byte)'x');
        Prefix.CopyTo(piece, 0);
        long left = Bytes;
        bool first = true;
        while (left > 0)
        {
            int n = (int)Math.Min(left, PieceSize);
            await context.WriteAsync(piece.AsMemory(0, n)).ConfigureAwait(false);
            left -= n;
            if (first)
            {
                piece.AsSpan(0, Prefix.Length).Fill((byte)'x');
                first = false;
            }
        }

        return DeclareLength ? context.KeepAliveUnless(responseSaysClose: false) : ConnectionFate.Close;
    }
}

/// <summary>
/// A text/event-stream that goes on for about <see cref="Bytes"/> bytes: many ordinary content
/// deltas of 1000 characters each, or (with <see cref="OneEvent"/>) a single <c>data:</c> line
/// that never ends. No finish_reason and no [DONE]; the connection closes after the last byte.
/// </summary>
internal sealed record HugeSseResponse(long Bytes, bool OneEvent) : FakeResponse
{
    private const int PieceSize = 64 * 1024;

    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        await context.WriteAsync(ResponseHead.Build(200,
        [
            new KeyValuePair<string, string>("Content-Type", "text/event-stream"),
            new KeyValuePair<string, string>("Cache-Control", "no-cache"),
            new KeyValuePair<string, string>("Connection", "close"),
        ])).ConfigureAwait(false);

        byte[] piece;
        if (OneEvent)
        {
            piece = new byte[PieceSize];
            piece.AsSpan().Fill((byte)'x');
            byte[] start = Encoding.ASCII.GetBytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
            await context.WriteAsync(start).ConfigureAwait(false);
        }
        else
        {
            string oneEvent = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + new string('x', 1000)
                + "\"},\"finish_reason\":null}]}\n\n";
            var text = new StringBuilder();
            while (text.Length + oneEvent.Length <= PieceSize)
            {
                text.Append(oneEvent);
            }

            piece = Encoding.ASCII.GetBytes(text.ToString());
        }

        for (long written = 0; written < Bytes; written += piece.Length)
        {
            await context.WriteAsync(piece).ConfigureAwait(false);
        }

        return ConnectionFate.Close;
    }
}
