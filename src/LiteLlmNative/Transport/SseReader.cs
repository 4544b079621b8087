using System;
using System.Text;
using System.Threading.Tasks;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Transport;

/// <summary>
/// Server-Sent Events parsed incrementally as bytes arrive: each <see cref="NextAsync"/> returns
/// as soon as one event's data is complete, never waiting for the rest of the stream. Handles
/// LF, CRLF and CR line endings split anywhere across reads, comment lines, <c>event:</c>/<c>id:</c>
/// fields, multi-line data and blank keep-alives (HTML Living Standard, "server-sent events").
/// It scans the body's pieces where they lie (the connection's receive buffer): a line's bytes
/// are copied once.
/// </summary>
internal sealed class SseReader : IDisposable
{
    private readonly IBodySource _body;
    private readonly long _maxBytes;
    private readonly PooledBuffer _line = new(512);
    private readonly StringBuilder _data = new();
    private ReadOnlyMemory<byte> _piece; // what is left of the body's current piece
    private bool _lineComplete, _afterCr, _hasData, _eof;
    private long _total;

    public SseReader(IBodySource body, long maxBytes)
    {
        _body = body;
        _maxBytes = maxBytes;
    }

    /// <summary>The <c>event:</c> field of the last event returned, or null.</summary>
    public string? EventType { get; private set; }

    /// <summary>The next event's data (data lines joined by LF), or null at the end of the stream.</summary>
    public async ValueTask<string?> NextAsync(bool async)
    {
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
            if (TakeLine(ref pendingType) is { } data) return data;
        }
        // End of stream: an unterminated line, or an event not closed by a blank line, is
        // incomplete and is discarded (HTML Living Standard); the caller decides whether the
        // stream had finished.
        _data.Clear();
        _hasData = false;
        return null;
    }

    /// <summary>Applies the complete line in <c>_line</c>; the event's data when it was the blank line ending one.</summary>
    private string? TakeLine(ref string? pendingType)
    {
        ReadOnlySpan<byte> line = _line.WrittenSpan;
        if (line.IsEmpty)
        {
            if (_hasData) return Dispatch(pendingType);
            pendingType = null; // a blank line with no data: keep-alive
            return null;
        }
        if (line[0] == (byte)':') return null; // comment
        int colon = line.IndexOf((byte)':');
        ReadOnlySpan<byte> field = colon < 0 ? line : line[..colon];
        ReadOnlySpan<byte> value = colon < 0 ? default : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ') value = value[1..];
        if (field.SequenceEqual("data"u8))
        {
            if (_hasData) _data.Append('\n');
            _data.Append(Encoding.UTF8.GetString(value));
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            pendingType = Encoding.UTF8.GetString(value);
        }
        // id: and retry: concern reconnection, which a completion stream does not do.
        return null;
    }

    private string Dispatch(string? type)
    {
        EventType = type;
        string data = _data.ToString();
        _data.Clear();
        _hasData = false;
        return data;
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

    public void Dispose() => _line.Dispose();
}
