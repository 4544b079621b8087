using System;
using LiteLlmNative.Transport.Http;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Transport;

/// <summary>
/// Server-Sent Events parsed incrementally as bytes arrive (sans-I/O: <see cref="TryNext"/>
/// parses what the response has buffered and says when it needs more; the caller reads): an
/// event is returned as soon as its data is complete, never waiting for the rest of the stream. Handles
/// LF, CRLF and CR line endings split anywhere across reads, comment lines, <c>event:</c>/<c>id:</c>
/// fields, multi-line data and blank keep-alives (HTML Living Standard, "server-sent events").
/// It scans the body's pieces where they lie (the connection's receive buffer) and keeps the
/// event's data as UTF-8: a line's bytes are copied once, and no string is made of them.
/// </summary>
internal sealed class SseReader : IDisposable
{
    private readonly HttpResponse _body;
    private readonly long _maxBytes;
    private readonly PooledBuffer _line = new(0);
    private readonly PooledBuffer _data = new(0);
    private ReadOnlyMemory<byte> _piece; // what is left of the body's current piece
    private bool _lineComplete, _afterCr, _hasData, _dispatched, _eof;
    private long _total;

    public SseReader(HttpResponse body, long maxBytes)
    {
        _body = body;
        _maxBytes = maxBytes;
    }

    /// <summary>The last event's data (data lines joined by LF), valid until the next <see cref="TryNext"/>.</summary>
    public ReadOnlySpan<byte> Data => _dispatched ? _data.WrittenSpan : default;

    /// <summary>
    /// Parses the next event from what the body has buffered, never waiting: an event (see
    /// <see cref="Data"/>), the end of the stream, or the need for more bytes (the caller
    /// reads them through the response, then asks again).
    /// </summary>
    public SseStep TryNext()
    {
        if (_dispatched)
        {
            _dispatched = false;
            _data.Clear();
        }
        while (true)
        {
            if (_piece.IsEmpty)
            {
                if (_eof)
                {
                    // End of stream: an unterminated line, or an event not closed by a blank
                    // line, is incomplete and is discarded (HTML Living Standard); the caller
                    // decides whether the stream had finished.
                    _data.Clear();
                    _hasData = false;
                    return SseStep.End;
                }
                switch (_body.TryRead(out var piece))
                {
                    case BodyStep.NeedData:
                        return SseStep.NeedData;
                    case BodyStep.End:
                        _eof = true;
                        continue;
                }
                _total += piece.Length;
                if (_total > _maxBytes)
                {
                    throw LiteLlmException.Create(LiteLlmStatus.BadResponse,
                        $"response stream is larger than max_response_bytes ({_maxBytes} bytes)");
                }
                _piece = piece;
            }
            if (!ScanLine()) continue;
            if (TakeLine()) return SseStep.Event;
        }
    }

    /// <summary>Applies the complete line in <c>_line</c>; true when it was the blank line ending an event.</summary>
    private bool TakeLine()
    {
        ReadOnlySpan<byte> line = _line.WrittenSpan;
        if (line.IsEmpty)
        {
            if (!_hasData)
            {
                return false; // a blank line with no data: keep-alive
            }
            _hasData = false;
            _dispatched = true;
            return true;
        }
        if (line[0] == (byte)':') return false; // comment
        int colon = line.IndexOf((byte)':');
        ReadOnlySpan<byte> field = colon < 0 ? line : line[..colon];
        ReadOnlySpan<byte> value = colon < 0 ? default : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ') value = value[1..];
        if (field.SequenceEqual("data"u8))
        {
            if (_hasData) _data.GetSpan(1)[0] = (byte)'\n';
            if (_hasData) _data.Advance(1);
            value.CopyTo(_data.GetSpan(value.Length));
            _data.Advance(value.Length);
            _hasData = true;
        }
        // event: names the event type, which a completion stream does not use (an error is
        // recognised by its data); id: and retry: concern reconnection, which it does not do.
        return false;
    }

    /// <summary>
    /// Scans the current piece for the end of the line being read; true when <c>_line</c> holds
    /// a whole line, false when the piece ran out first (the line goes on in the next piece).
    /// </summary>
    private bool ScanLine()
    {
        if (_lineComplete)
        {
            _line.Clear();
            _lineComplete = false;
        }
        var available = _piece.Span;
        if (_afterCr)
        {
            _afterCr = false;
            if (available[0] == (byte)'\n')
            {
                _piece = _piece[1..];
                available = available[1..];
            }
        }
        int end = available.IndexOfAny((byte)'\n', (byte)'\r');
        if (end < 0)
        {
            Append(available);
            _piece = default;
            return false;
        }
        Append(available[..end]);
        _afterCr = available[end] == (byte)'\r';
        _piece = _piece[(end + 1)..];
        _lineComplete = true;
        return true;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        bytes.CopyTo(_line.GetSpan(bytes.Length));
        _line.Advance(bytes.Length);
    }

    public void Dispose()
    {
        _line.Dispose();
        _data.Dispose();
    }
}

/// <summary>What <see cref="SseReader.TryNext"/> found.</summary>
internal enum SseStep
{
    /// <summary>An event: see <see cref="SseReader.Data"/>.</summary>
    Event,
    /// <summary>The stream has ended.</summary>
    End,
    /// <summary>More bytes must be read first.</summary>
    NeedData,
}
