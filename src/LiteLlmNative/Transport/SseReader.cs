using System;
using System.IO;
using System.Text;

namespace LiteLlmNative.Transport;

/// <summary>
/// Server-Sent Events parsed incrementally as bytes arrive: each <see cref="Next"/> returns as
/// soon as one event's data is complete, never waiting for the rest of the stream. Handles LF,
/// CRLF and CR line endings split anywhere across reads, comment lines, <c>event:</c>/<c>id:</c>
/// fields, multi-line data and blank keep-alives (HTML Living Standard, "server-sent events").
/// </summary>
internal sealed class SseReader : IDisposable
{
    private readonly Stream _stream;
    private readonly long _maxBytes;
    private readonly PooledBuffer _line = new(1024);
    private readonly StringBuilder _data = new();
    private readonly byte[] _chunk;
    private int _chunkStart, _chunkEnd;
    private bool _afterCr, _hasData, _eof;
    private long _total;

    public SseReader(Stream stream, long maxBytes, int readSize = 16 * 1024)
    {
        _stream = stream;
        _maxBytes = maxBytes;
        _chunk = new byte[readSize];
    }

    /// <summary>The <c>event:</c> field of the last event returned, or null.</summary>
    public string? EventType { get; private set; }

    /// <summary>The next event's data (data lines joined by LF), or null at the end of the stream.</summary>
    public string? Next()
    {
        string? pendingType = null;
        while (TryReadLine(out ReadOnlySpan<byte> line))
        {
            if (line.IsEmpty)
            {
                if (_hasData)
                {
                    return Dispatch(pendingType);
                }
                pendingType = null; // a blank line with no data: keep-alive
                continue;
            }
            if (line[0] == (byte)':') continue; // comment
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
        }
        // End of stream: an event not closed by a blank line is incomplete and is discarded
        // (HTML Living Standard); the caller decides whether the stream had finished.
        _data.Clear();
        _hasData = false;
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

    private bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        _line.Clear();
        while (true)
        {
            if (_chunkStart == _chunkEnd)
            {
                if (_eof || !Fill())
                {
                    line = default;
                    return false; // an unterminated last line is part of an incomplete event
                }
            }
            var available = _chunk.AsSpan(_chunkStart, _chunkEnd - _chunkStart);
            if (_afterCr)
            {
                _afterCr = false;
                if (available[0] == (byte)'\n')
                {
                    _chunkStart++;
                    continue;
                }
            }
            int end = available.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                Append(available);
                _chunkStart = _chunkEnd;
                continue;
            }
            Append(available[..end]);
            _afterCr = available[end] == (byte)'\r';
            _chunkStart += end + 1;
            line = _line.WrittenSpan;
            return true;
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        bytes.CopyTo(_line.GetSpan(bytes.Length));
        _line.Advance(bytes.Length);
    }

    private bool Fill()
    {
        int n = _stream.Read(_chunk, 0, _chunk.Length);
        if (n == 0)
        {
            _eof = true;
            return false;
        }
        _total += n;
        if (_total > _maxBytes)
        {
            throw LiteLlmException.Create(LiteLlmStatus.BadResponse,
                $"response stream is larger than max_response_bytes ({_maxBytes} bytes)");
        }
        _chunkStart = 0;
        _chunkEnd = n;
        return true;
    }

    public void Dispose() => _line.Dispose();
}
