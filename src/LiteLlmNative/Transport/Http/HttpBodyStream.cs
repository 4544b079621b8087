using System;
using System.Buffers.Text;
using System.IO;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// A response body as a read-only stream, framed by Content-Length, chunked transfer coding or
/// the end of the connection (RFC 9112 §6). Reaching the end cleanly is what lets the
/// connection carry another request.
/// </summary>
internal sealed class HttpBodyStream : Stream
{
    private const int MaxChunkLine = 4096;

    private readonly HttpConnection _connection;
    private readonly bool _chunked;
    private readonly bool _untilClose;
    private readonly bool _reusable; // whether the framing lets the connection carry another request
    private long _remaining; // of the body (Content-Length) or of the current chunk
    private bool _finished;

    private HttpBodyStream(HttpConnection connection, bool chunked, bool untilClose, long length, bool reusable)
    {
        _connection = connection;
        _chunked = chunked;
        _untilClose = untilClose;
        _remaining = length;
        _reusable = reusable && !untilClose;
        _finished = !chunked && !untilClose && length == 0;
    }

    public static HttpBodyStream Create(HttpConnection connection, ResponseHead head)
    {
        if (head.StatusCode is 204 or 304) return new HttpBodyStream(connection, false, false, 0, reusable: true);
        switch (head.TransferCoding())
        {
            case TransferCoding.Chunked:
                // With a Content-Length as well (the request-smuggling pattern) the chunks
                // still frame the body, but the connection is not trusted with another request.
                return new HttpBodyStream(connection, true, false, 0, reusable: head.Get("Content-Length") is null);
            case TransferCoding.Other:
                return new HttpBodyStream(connection, false, true, 0, reusable: false);
        }
        return head.ContentLength() is { } length
            ? new HttpBodyStream(connection, false, false, length, reusable: true)
            : new HttpBodyStream(connection, false, true, 0, reusable: false);
    }

    /// <summary>The declared length, when there is one.</summary>
    public long? DeclaredLength => _chunked || _untilClose ? null : _remaining;

    /// <summary>True when the whole body was read and its framing allows another request on the connection.</summary>
    public bool EndedCleanly => _finished && _reusable;

    public override int Read(Span<byte> buffer)
    {
        if (_finished || buffer.IsEmpty) return 0;
        if (_untilClose)
        {
            int read = _connection.Read(buffer);
            if (read == 0) _finished = true;
            return read;
        }
        if (_chunked && _remaining == 0 && !NextChunk()) return 0;
        int wanted = (int)Math.Min(buffer.Length, _remaining);
        int n = _connection.Read(buffer[..wanted]);
        if (n == 0)
        {
            throw new IOException(_chunked
                ? "the server closed the connection in the middle of a chunked body"
                : $"the server closed the connection {_remaining} bytes short of the Content-Length");
        }
        _remaining -= n;
        if (_remaining == 0)
        {
            if (_chunked) ChunkEnd();
            else _finished = true;
        }
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads a chunk-size line; false (and finished) at the last chunk.</summary>
    private bool NextChunk()
    {
        var line = _connection.ReadLine(MaxChunkLine);
        int semicolon = line.IndexOf((byte)';');
        var hex = (semicolon < 0 ? line : line[..semicolon]).Trim((byte)' ').Trim((byte)'\t');
        if (hex.IsEmpty || hex.Length > 15 || !Utf8Parser.TryParse(hex, out long size, out int used, 'X') || used != hex.Length)
        {
            throw new HttpProtocolException("the response has an invalid chunk size");
        }
        if (size == 0)
        {
            // Trailer fields up to the blank line; their content is not used.
            for (int i = 0; _connection.ReadLine(MaxChunkLine).Length > 0; i++)
            {
                if (i > 100) throw new HttpProtocolException("the response has too many trailer fields");
            }
            _finished = true;
            return false;
        }
        _remaining = size;
        return true;
    }

    private void ChunkEnd()
    {
        if (_connection.ReadLine(2).Length != 0) throw new HttpProtocolException("a chunk is longer than its declared size");
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
