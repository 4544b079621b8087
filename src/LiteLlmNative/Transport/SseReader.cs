using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Tasks;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Transport;

/// <summary>
/// Server-Sent Events parsed incrementally as bytes arrive: each <see cref="NextAsync"/> returns
/// as soon as one event's data is complete, never waiting for the rest of the stream. Handles
/// LF, CRLF and CR line endings split anywhere across reads, comment lines, <c>event:</c>/<c>id:</c>
/// fields, multi-line data and blank keep-alives (HTML Living Standard, "server-sent events").
/// It scans the body's pieces where they lie (the connection's receive buffer) and keeps the
/// event's data as UTF-8: a line's bytes are copied once, and no string is made of them.
/// </summary>
internal sealed class SseReader : IDisposable
{
    private readonly IBodySource _body;
    private readonly long _maxBytes;
    private readonly PooledBuffer _line = new(512);
    private readonly PooledBuffer _data = new(512);
    private ReadOnlyMemory<byte> _piece; // what is left of the body's current piece
    private bool _lineComplete, _afterCr, _hasData, _dispatched, _eof;
    private long _total;

    public SseReader(IBodySource body, long maxBytes)
    {
        _body = body;
        _maxBytes = maxBytes;
    }

    /// <summary>The <c>event:</c> field of the last event returned, or null.</summary>
    public string? EventType { get; private set; }

    /// <summary>The last event's data (data lines joined by LF), valid until the next <see cref="NextAsync"/>.</summary>
    public ReadOnlySpan<byte> Data => _dispatched ? _data.WrittenSpan : default;

    /// <summary>Reads the next event (then see <see cref="Data"/>); false at the end of the stream.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> NextAsync(bool async)
    {
        if (_dispatched)
        {
            _dispatched = false;
            _data.Clear();
        }
        string? pendingType = null;
        while (true)
        {
            if (_piece.IsEmpty)
            {
                if (_eof) break;
                await FillAsync(async).ConfigureAwait(false);
                continue;
            }
            if (!ScanLine()) continue;
            if (TakeLine(ref pendingType)) return true;
        }
        // End of stream: an unterminated line, or an event not closed by a blank line, is
        // incomplete and is discarded (HTML Living Standard); the caller decides whether the
        // stream had finished.
        _data.Clear();
        _hasData = false;
        return false;
    }

    /// <summary>Applies the complete line in <c>_line</c>; true when it was the blank line ending an event.</summary>
    private bool TakeLine(ref string? pendingType)
    {
        ReadOnlySpan<byte> line = _line.WrittenSpan;
        if (line.IsEmpty)
        {
            if (!_hasData)
            {
                pendingType = null; // a blank line with no data: keep-alive
                return false;
            }
            EventType = pendingType;
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
        else if (field.SequenceEqual("event"u8))
        {
            pendingType = Encoding.UTF8.GetString(value);
        }
        // id: and retry: concern reconnection, which a completion stream does not do.
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync(bool async)
    {
        var piece = await _body.ReadAsync(async).ConfigureAwait(false);
        if (piece.IsEmpty)
        {
            _eof = true;
            return;
        }
        _total += piece.Length;
        if (_total > _maxBytes)
        {
            throw LiteLlmException.Create(LiteLlmStatus.BadResponse,
                $"response stream is larger than max_response_bytes ({_maxBytes} bytes)");
        }
        _piece = piece;
    }

    public void Dispose()
    {
        _line.Dispose();
        _data.Dispose();
    }
}
