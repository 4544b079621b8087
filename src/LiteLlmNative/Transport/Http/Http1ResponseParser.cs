using System;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO;

namespace LiteLlmNative.Transport.Http;

/// <summary>What <see cref="Http1ResponseParser.Parse"/> found.</summary>
internal enum Http1Event
{
    /// <summary>More bytes are needed; <c>consumed</c> may still be above 0 (framing used up).</summary>
    NeedData,
    /// <summary>A final response head was parsed: see <see cref="Http1ResponseParser.Head"/>.</summary>
    Head,
    /// <summary><c>input.Slice(bodyOffset, bodyLength)</c> is body data (bodyLength &gt; 0).</summary>
    Body,
    /// <summary>The message is complete.</summary>
    End,
}

/// <summary>
/// A sans-I/O HTTP/1.1 response parser: bytes in, events out. It owns no socket, timer or
/// thread; a driver reads from the network, passes what it holds and drops what was consumed.
/// The framing rules (RFC 9112 §6) and error messages are those of
/// <c>HttpConnection.ReadHead</c> and <c>HttpBodyStream</c>:
/// <list type="bullet">
/// <item>1xx heads other than 101 are interim and skipped; a 101 is a final head.</item>
/// <item>204, 304, and a 2xx answer to CONNECT (<see cref="Reset"/> with expectTunnel) have no body.</item>
/// <item>Transfer-Encoding whose last coding is chunked: chunks (extensions ignored, trailers
/// skipped, at most 101 trailer fields); with a Content-Length as well (the smuggling pattern)
/// still chunks, but the connection is not reusable.</item>
/// <item>Transfer-Encoding with another last coding: the body runs to the end of the connection.</item>
/// <item>Otherwise Content-Length, and without one the end of the connection.</item>
/// </list>
/// Size limits are applied to the bytes themselves, whatever the sizes of the reads that
/// brought them: a head (status line through blank line) of at most <see cref="MaxHeadBytes"/>
/// bytes, a chunk-size or trailer line of at most <see cref="MaxChunkLine"/> bytes before its LF.
/// (The blocking reader checks its limits only when it has to read more, so a slightly larger
/// head or line that arrives in one read passes there; here the answer is what that reader
/// gives when bytes arrive one at a time.) After a chunk's data only CRLF or LF may follow;
/// anything else is "a chunk is longer than its declared size", where the blocking reader
/// could say "over-long chunk line" when three stray bytes came without a LF.
/// </summary>
/// <remarks>
/// Contract with the driver: <c>input</c> always starts with the first byte the parser has
/// not consumed; after NeedData the same bytes come again, with more appended. The parser
/// remembers how far it scanned an incomplete head or line so that a slow trickle costs no
/// rescans. It allocates only for a head (its byte[] copy, as <see cref="ResponseHead"/> needs).
/// After a head with no body (Content-Length: 0, 204, 304, CONNECT 2xx) <see cref="IsAtEnd"/>
/// is already true and the next Parse returns End with consumed 0. End is sticky: Parse keeps
/// returning End with consumed 0 until <see cref="Reset"/>. After an exception the parser is
/// failed and must be Reset (a new connection) before it is used again.
/// </remarks>
internal sealed class Http1ResponseParser
{
    /// <summary>The largest response head accepted (status line and headers): as <c>HttpConnection.MaxHeadBytes</c>.</summary>
    public const int MaxHeadBytes = 64 * 1024;
    /// <summary>The longest chunk-size or trailer line accepted, CR included, LF not.</summary>
    public const int MaxChunkLine = 4096;
    /// <summary>As today: 101 trailer fields pass, the 102nd is refused.</summary>
    private const int MaxTrailerFields = 101;

    private enum State : byte
    {
        Head,
        ContentLengthBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose,
        Done,
        Failed,
    }

    private State _state;
    private bool _expectTunnel;
    private ResponseHead? _head;
    private long? _declaredLength;
    private bool _framingReusable; // the framing and the head let the connection carry another request
    private long _remaining;       // of the Content-Length body or of the current chunk
    private int _scanned;          // bytes at the start of input already searched for the end of the current head or line
    private int _trailers;         // trailer fields seen

    public Http1ResponseParser() => Reset();

    /// <summary>The final head, once Parse returned Head; null before.</summary>
    public ResponseHead? Head => _head;
    /// <summary>
    /// The Content-Length when the body is framed by one; 0 for a response without a body
    /// (204, 304, CONNECT 2xx), as <c>HttpBodyStream.DeclaredLength</c>; null for chunked
    /// or close-delimited bodies and before the head.
    /// </summary>
    public long? DeclaredLength => _declaredLength;
    /// <summary>
    /// At End: whether the connection can carry another request (not close-delimited, not
    /// chunked with a Content-Length, and the head keeps the connection alive). After a CONNECT
    /// 2xx it is true: the connection goes on, as the tunnel. False before End.
    /// </summary>
    public bool Reusable => _state == State.Done && _framingReusable;
    /// <summary>True once any byte of the current response was passed in.</summary>
    public bool ReceivedAny { get; private set; }
    /// <summary>True once the message is complete (End).</summary>
    public bool IsAtEnd => _state == State.Done;

    /// <summary>
    /// Starts a new response. <paramref name="expectTunnel"/>: this is the answer to a CONNECT
    /// request, so a 2xx has no body. Not allowed in the middle of a response.
    /// </summary>
    public void Reset(bool expectTunnel = false)
    {
        Debug.Assert(_state is State.Done or State.Failed || (_state == State.Head && !ReceivedAny),
            "Reset in the middle of a response");
        _state = State.Head;
        _expectTunnel = expectTunnel;
        _head = null;
        _declaredLength = null;
        _framingReusable = false;
        _remaining = 0;
        _scanned = 0;
        _trailers = 0;
        ReceivedAny = false;
    }

    /// <summary>
    /// Parses from the start of <paramref name="input"/>. <paramref name="consumed"/>: how many
    /// bytes were used (the driver drops them and passes the rest again, with more appended).
    /// For Body, <c>input.Slice(bodyOffset, bodyLength)</c> is the data, within the consumed bytes.
    /// </summary>
    public Http1Event Parse(ReadOnlySpan<byte> input, out int consumed, out int bodyOffset, out int bodyLength)
    {
        if (_state == State.Head && !input.IsEmpty) ReceivedAny = true;
        try
        {
            var result = ParseCore(input, out consumed, out bodyOffset, out bodyLength);
            Debug.Assert(consumed >= 0 && consumed <= input.Length);
            Debug.Assert(result == Http1Event.Body
                ? bodyLength > 0 && bodyOffset >= 0 && bodyOffset + bodyLength == consumed
                : bodyLength == 0);
            return result;
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    /// <summary>
    /// The peer closed the connection: End for a close-delimited body (and for a response
    /// already complete); otherwise the exception today's reader throws.
    /// </summary>
    public Http1Event EndOfInput()
    {
        switch (_state)
        {
            case State.Done:
                return Http1Event.End;
            case State.UntilClose:
                _state = State.Done;
                return Http1Event.End;
            case State.Failed:
                throw Failed();
        }
        State state = _state;
        _state = State.Failed;
        throw state switch
        {
            State.Head => new IOException(ReceivedAny
                ? "the server closed the connection in the middle of the response head"
                : "the server closed the connection without answering"),
            State.ContentLengthBody => new IOException($"the server closed the connection {_remaining} bytes short of the Content-Length"),
            _ => new IOException("the server closed the connection in the middle of a chunked body"),
        };
    }

    private Http1Event ParseCore(ReadOnlySpan<byte> input, out int consumed, out int bodyOffset, out int bodyLength)
    {
        bodyOffset = 0;
        bodyLength = 0;
        int at = 0;
        while (true)
        {
            ReadOnlySpan<byte> rest = input[at..];
            switch (_state)
            {
                case State.Head:
                {
                    int end = HeadEnd(rest);
                    if (end < 0) break;
                    byte[] raw = rest[..end].ToArray();
                    at += end;
                    var head = ResponseHead.Parse(raw);
                    if (head.StatusCode is >= 100 and < 200 && head.StatusCode != 101) continue; // interim (100 Continue, 103)
                    StartBody(head);
                    consumed = at;
                    return Http1Event.Head;
                }
                case State.ContentLengthBody:
                case State.ChunkData:
                {
                    if (rest.IsEmpty) break;
                    Debug.Assert(_remaining > 0);
                    int n = (int)Math.Min(rest.Length, _remaining);
                    _remaining -= n;
                    if (_remaining == 0) _state = _state == State.ChunkData ? State.ChunkDataEnd : State.Done;
                    bodyOffset = at;
                    bodyLength = n;
                    consumed = at + n;
                    return Http1Event.Body;
                }
                case State.ChunkSize:
                {
                    int lineEnd = LineEnd(rest, out int next);
                    if (lineEnd < 0) break;
                    long size = ChunkSize(rest[..lineEnd]);
                    at += next;
                    if (size == 0)
                    {
                        _state = State.Trailers;
                    }
                    else
                    {
                        _remaining = size;
                        _state = State.ChunkData;
                    }
                    continue;
                }
                case State.ChunkDataEnd:
                {
                    // Only CRLF (or a bare LF) may follow a chunk's data.
                    if (rest.IsEmpty) break;
                    if (rest[0] == (byte)'\n')
                    {
                        at += 1;
                    }
                    else
                    {
                        if (rest[0] != (byte)'\r') throw new HttpProtocolException("a chunk is longer than its declared size");
                        if (rest.Length < 2) break;
                        if (rest[1] != (byte)'\n') throw new HttpProtocolException("a chunk is longer than its declared size");
                        at += 2;
                    }
                    _state = State.ChunkSize;
                    continue;
                }
                case State.Trailers:
                {
                    int lineEnd = LineEnd(rest, out int next);
                    if (lineEnd < 0) break;
                    at += next;
                    if (lineEnd == 0)
                    {
                        _state = State.Done;
                        consumed = at;
                        return Http1Event.End;
                    }
                    // Trailer fields are skipped: their content is not used.
                    if (_trailers == MaxTrailerFields) throw new HttpProtocolException("the response has too many trailer fields");
                    _trailers++;
                    continue;
                }
                case State.UntilClose:
                {
                    if (rest.IsEmpty) break;
                    bodyOffset = at;
                    bodyLength = rest.Length;
                    consumed = input.Length;
                    return Http1Event.Body;
                }
                case State.Done:
                    Debug.Assert(at == 0, "End is only reached by returning");
                    consumed = at;
                    return Http1Event.End;
                default:
                    throw Failed();
            }
            // An incomplete head, line or chunk end: what came before it is consumed.
            consumed = at;
            return Http1Event.NeedData;
        }
    }

    /// <summary>Decides the body's framing from a final head, as <c>HttpBodyStream.Create</c> does.</summary>
    private void StartBody(ResponseHead head)
    {
        _head = head;
        if ((_expectTunnel && head.StatusCode is >= 200 and <= 299) || head.StatusCode is 204 or 304)
        {
            // No body; after a CONNECT 2xx the connection goes on as the tunnel.
            _declaredLength = 0;
            _framingReusable = (_expectTunnel && head.StatusCode is >= 200 and <= 299) || head.KeepsAlive;
            _state = State.Done;
            return;
        }
        switch (head.TransferCoding())
        {
            case TransferCoding.Chunked:
                // With a Content-Length as well (the request-smuggling pattern) the chunks
                // still frame the body, but the connection is not trusted with another request.
                _framingReusable = head.KeepsAlive && head.Get("Content-Length") is null;
                _state = State.ChunkSize;
                return;
            case TransferCoding.Other:
                _state = State.UntilClose;
                return;
        }
        if (head.ContentLength() is { } length)
        {
            _declaredLength = length;
            _remaining = length;
            _framingReusable = head.KeepsAlive;
            _state = length == 0 ? State.Done : State.ContentLengthBody;
        }
        else
        {
            _state = State.UntilClose;
        }
    }

    /// <summary>
    /// Length of the head (through its blank line: LF LF or LF CR LF) at the start of
    /// <paramref name="data"/>, or -1 while it is incomplete.
    /// </summary>
    private int HeadEnd(ReadOnlySpan<byte> data)
    {
        var window = data[..Math.Min(data.Length, MaxHeadBytes)];
        int from = Math.Min(_scanned, window.Length);
        while (true)
        {
            int lf = window[from..].IndexOf((byte)'\n');
            if (lf < 0) break;
            lf += from;
            // The head ends at the LF that completes LF LF or LF CR LF.
            if (lf >= 1 && (window[lf - 1] == (byte)'\n' || (lf >= 2 && window[lf - 1] == (byte)'\r' && window[lf - 2] == (byte)'\n')))
            {
                RefuseBareCr(window[..(lf + 1)], Math.Min(_scanned, lf));
                _scanned = 0;
                return lf + 1;
            }
            from = lf + 1;
        }
        if (data.Length >= MaxHeadBytes) throw new HttpProtocolException($"the response head is larger than {MaxHeadBytes} bytes");
        RefuseBareCr(window, Math.Min(_scanned, window.Length));
        // A CR at the very end of what has arrived is checked again with its next byte.
        _scanned = window.Length > 0 && window[^1] == (byte)'\r' ? window.Length - 1 : window.Length;
        return -1;
    }

    /// <summary>
    /// A bare CR (not followed by LF) is invalid in a head (RFC 9112 2.2): refused at once, not
    /// left to wait for a line end that may never come. Checks <paramref name="head"/> from
    /// <paramref name="from"/> (what earlier calls have not checked).
    /// </summary>
    private static void RefuseBareCr(ReadOnlySpan<byte> head, int from)
    {
        while (true)
        {
            int cr = head[from..].IndexOf((byte)'\r');
            if (cr < 0) return;
            int at = from + cr;
            if (at + 1 < head.Length && head[at + 1] != (byte)'\n')
            {
                throw new HttpProtocolException("the response head has a CR that is not followed by LF");
            }
            from = at + 1;
        }
    }

    /// <summary>
    /// End of the line at the start of <paramref name="data"/> without its CRLF or LF, with
    /// <paramref name="next"/> the offset after it; -1 while it is incomplete.
    /// </summary>
    private int LineEnd(ReadOnlySpan<byte> data, out int next)
    {
        var window = data[..Math.Min(data.Length, MaxChunkLine + 1)];
        int from = Math.Min(_scanned, window.Length);
        int lf = window[from..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            if (data.Length > MaxChunkLine) throw new HttpProtocolException("the response has an over-long chunk line");
            _scanned = window.Length;
            next = 0;
            return -1;
        }
        lf += from;
        _scanned = 0;
        next = lf + 1;
        return lf > 0 && window[lf - 1] == (byte)'\r' ? lf - 1 : lf;
    }

    /// <summary>The size of a chunk-size line (hex, then any extensions after ';').</summary>
    private static long ChunkSize(ReadOnlySpan<byte> line)
    {
        int semicolon = line.IndexOf((byte)';');
        var hex = (semicolon < 0 ? line : line[..semicolon]).Trim((byte)' ').Trim((byte)'\t');
        // Leading zeros are valid (RFC 9112 chunk-size is 1*HEXDIG): only significant digits count.
        if (hex.Length > 1)
        {
            var significant = hex.TrimStart((byte)'0');
            hex = significant.IsEmpty ? hex[^1..] : significant;
        }
        if (hex.IsEmpty || hex.Length > 15 || !Utf8Parser.TryParse(hex, out long size, out int used, 'X') || used != hex.Length)
        {
            throw new HttpProtocolException("the response has an invalid chunk size");
        }
        return size;
    }

    private static InvalidOperationException Failed() =>
        new("the response parser failed or was misused: Reset it before the next response");
}
