using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>What the connection does after a response has been written.</summary>
internal enum ConnectionFate
{
    /// <summary>Read the next request on the same connection.</summary>
    KeepAlive,

    /// <summary>Send FIN and close.</summary>
    Close,

    /// <summary>The response already reset the socket; nothing more to do.</summary>
    Reset,
}

/// <summary>
/// Everything a <see cref="FakeResponse"/> may do to the connection: write bytes, wait
/// (cancelled when the server is disposed), or reset the socket.
/// </summary>
internal sealed class ResponseContext
{
    private readonly Socket _socket;
    private readonly Stream _stream;

    public ResponseContext(Socket socket, Stream stream, bool clientWantsClose, CancellationToken cancellation)
    {
        _socket = socket;
        _stream = stream;
        ClientWantsClose = clientWantsClose;
        Cancellation = cancellation;
    }

    public bool ClientWantsClose { get; }

    public CancellationToken Cancellation { get; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes) => _stream.WriteAsync(bytes, Cancellation);

    /// <summary>
    /// The same connection, but writes go to <paramref name="stream"/>: lets a wrapper (Trickle)
    /// capture what another response would write and then send it its own way.
    /// </summary>
    public ResponseContext WritingTo(Stream stream) => new(_socket, stream, ClientWantsClose, Cancellation);

    /// <summary>
    /// Writes <paramref name="bytes"/> in pieces of <paramref name="pieceSize"/> bytes (all at once
    /// when null), pausing between pieces. With Nagle off each write leaves as its own segment,
    /// which is what lets tests split a UTF-8 sequence or an SSE line across reads.
    /// </summary>
    public async Task WritePiecesAsync(ReadOnlyMemory<byte> bytes, int? pieceSize, TimeSpan? pause)
    {
        int size = pieceSize ?? Math.Max(bytes.Length, 1);
        for (int offset = 0; offset < bytes.Length; offset += size)
        {
            if (offset > 0 && pause is { } wait)
            {
                await DelayAsync(wait).ConfigureAwait(false);
            }

            await WriteAsync(bytes.Slice(offset, Math.Min(size, bytes.Length - offset))).ConfigureAwait(false);
        }
    }

    public Task DelayAsync(TimeSpan delay) => Task.Delay(delay, Cancellation);

    /// <summary>Keep-alive unless the client asked to close or the response headers said close.</summary>
    public ConnectionFate KeepAliveUnless(bool responseSaysClose) =>
        responseSaysClose || ClientWantsClose ? ConnectionFate.Close : ConnectionFate.KeepAlive;

    /// <summary>
    /// Closes with RST instead of FIN: a zero linger timeout makes close() abort the connection,
    /// which is how a crashed proxy or a middlebox dropping state looks to the client.
    /// </summary>
    public ConnectionFate Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
        return ConnectionFate.Reset;
    }
}
