using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// One read buffer per connection. HTTP/1.1 mixes line reads (request line, headers, chunk
/// sizes) with exact-length reads (bodies) on the same bytes, and on a keep-alive connection the
/// buffer may already hold the start of the next request, so every read must go through here.
/// </summary>
internal sealed class BufferedStreamReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public BufferedStreamReader(Stream stream) => _stream = stream;

    /// <summary>
    /// Reads one line ending in LF; a CR before it is dropped (bare LF is tolerated, as RFC 9112
    /// allows). Returns null when the peer closed the connection before the first byte of the line.
    /// </summary>
    public async ValueTask<string?> ReadLineAsync(int maxLength, CancellationToken cancellation)
    {
        var line = new MemoryStream();
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int take = (newline >= 0 ? newline : _end) - _start;
            if (line.Length + take > maxLength)
            {
                throw new MalformedRequestException($"line longer than {maxLength} bytes");
            }

            line.Write(_buffer, _start, take);
            if (newline >= 0)
            {
                _start = newline + 1;
                return DecodeLine(line);
            }

            _start = _end;
            if (!await FillAsync(cancellation).ConfigureAwait(false))
            {
                if (line.Length == 0)
                {
                    return null;
                }

                throw new MalformedRequestException("connection closed in the middle of a line");
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> completely or throws if the peer closes first.</summary>
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellation)
    {
        int buffered = Math.Min(_end - _start, destination.Length);
        _buffer.AsMemory(_start, buffered).CopyTo(destination);
        _start += buffered;
        if (buffered < destination.Length)
        {
            try
            {
                await _stream.ReadExactlyAsync(destination[buffered..], cancellation).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                throw new MalformedRequestException("connection closed in the middle of the body");
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellation)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellation).ConfigureAwait(false);
        return _end > 0;
    }

    private static string DecodeLine(MemoryStream line)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        // Header octets beyond ASCII are opaque to HTTP. A test that sends UTF-8 wants to read it
        // back as such; anything else is kept byte-for-byte through Latin-1.
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
