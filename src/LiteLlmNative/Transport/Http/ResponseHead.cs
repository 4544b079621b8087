using System;
using System.Buffers.Text;
using System.Text;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// A parsed HTTP/1.x status line and header block. The raw bytes are kept and header values
/// are decoded only when asked for: a completion reads a handful of the headers it receives.
/// </summary>
internal sealed class ResponseHead
{
    private readonly byte[] _raw;
    private readonly (int NameStart, int NameLength, int ValueStart, int ValueLength)[] _fields;
    private readonly int _count;

    private ResponseHead(byte[] raw, int status, int minorVersion, string reason,
        (int, int, int, int)[] fields, int count)
    {
        _raw = raw;
        StatusCode = status;
        MinorVersion = minorVersion;
        ReasonPhrase = reason;
        _fields = fields;
        _count = count;
    }

    public int StatusCode { get; }
    /// <summary>x of HTTP/1.x.</summary>
    public int MinorVersion { get; }
    public string ReasonPhrase { get; }

    /// <summary>The first value of header <paramref name="name"/> (ASCII, any case), or null.</summary>
    public string? Get(string name)
    {
        for (int i = 0; i < _count; i++)
        {
            if (NameIs(i, name)) return Encoding.Latin1.GetString(Value(i));
        }
        return null;
    }

    /// <summary>Whether header <paramref name="name"/> has a comma-separated element equal to <paramref name="token"/>.</summary>
    public bool HasToken(string name, string token)
    {
        for (int i = 0; i < _count; i++)
        {
            if (!NameIs(i, name)) continue;
            ReadOnlySpan<byte> value = Value(i);
            foreach (var range in value.Split((byte)','))
            {
                if (Ascii.EqualsIgnoreCase(Trim(value[range]), token)) return true;
            }
        }
        return false;
    }

    /// <summary>How Transfer-Encoding frames the body: by its last coding (RFC 9112 §6.3).</summary>
    public TransferCoding TransferCoding()
    {
        ReadOnlySpan<byte> last = default;
        bool present = false;
        for (int i = 0; i < _count; i++)
        {
            if (!NameIs(i, "Transfer-Encoding")) continue;
            present = true;
            last = Value(i);
        }
        if (!present) return Http.TransferCoding.None;
        ReadOnlySpan<byte> coding = Trim(last[(last.LastIndexOf((byte)',') + 1)..]);
        return Ascii.EqualsIgnoreCase(coding, "chunked") ? Http.TransferCoding.Chunked : Http.TransferCoding.Other;
    }

    /// <summary>The Content-Length; null when absent. Differing or malformed values are a protocol error.</summary>
    public long? ContentLength()
    {
        long? length = null;
        for (int i = 0; i < _count; i++)
        {
            if (!NameIs(i, "Content-Length")) continue;
            ReadOnlySpan<byte> value = Value(i);
            if (value.IsEmpty || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
                || !Utf8Parser.TryParse(value, out long parsed, out int used) || used != value.Length)
            {
                throw new HttpProtocolException("the response has an invalid Content-Length");
            }
            if (length is not null && length != parsed)
            {
                throw new HttpProtocolException("the response has conflicting Content-Length headers");
            }
            length = parsed;
        }
        return length;
    }

    /// <summary>Whether the server lets the connection carry another request (HTTP/1.1 by default, 1.0 when asked).</summary>
    public bool KeepsAlive =>
        !HasToken("Connection", "close") && (MinorVersion >= 1 || HasToken("Connection", "keep-alive"));

    /// <summary>The media type of Content-Type (before any parameter), or null.</summary>
    public string? MediaType()
    {
        string? type = Get("Content-Type");
        if (type is null) return null;
        int semicolon = type.IndexOf(';');
        return (semicolon < 0 ? type : type[..semicolon]).Trim();
    }

    /// <summary>
    /// Parses <paramref name="raw"/>, the bytes from the status line up to and including the
    /// blank line that ends the head.
    /// </summary>
    public static ResponseHead Parse(byte[] raw)
    {
        var span = raw.AsSpan();
        int lineEnd = LineEnd(span, 0, out int next);
        var statusLine = span[..lineEnd];
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)statusLine[7])
            || statusLine[8] != (byte)' ' || !IsDigits(statusLine.Slice(9, 3))
            || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            throw new HttpProtocolException("the server's answer is not an HTTP/1.x response");
        }
        int minor = statusLine[7] - '0';
        int status = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
        if (status is < 100 or > 599)
        {
            // Not a status HTTP defines (RFC 9110 15): neither an answer nor an error to act on.
            throw new HttpProtocolException($"the server answered with status {status}, which is outside 100-599");
        }
        string reason = statusLine.Length > 13 ? Encoding.Latin1.GetString(statusLine[13..]).Trim() : "";
        var fields = new (int, int, int, int)[16];
        int count = 0;
        int at = next;
        while (true)
        {
            int end = LineEnd(span, at, out next);
            if (end == at) break; // the blank line
            var line = span[at..end];
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                throw new HttpProtocolException("the response uses obsolete header line folding");
            }
            int colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].IndexOfAny((byte)' ', (byte)'\t') >= 0)
            {
                throw new HttpProtocolException("the response has a malformed header line");
            }
            int valueStart = at + colon + 1;
            int valueEnd = end;
            while (valueStart < valueEnd && span[valueStart] is (byte)' ' or (byte)'\t') valueStart++;
            while (valueEnd > valueStart && span[valueEnd - 1] is (byte)' ' or (byte)'\t') valueEnd--;
            if (count == fields.Length) Array.Resize(ref fields, count * 2);
            fields[count++] = (at, colon, valueStart, valueEnd - valueStart);
            at = next;
        }
        return new ResponseHead(raw, status, minor, reason, fields, count);
    }

    private bool NameIs(int field, string name)
    {
        var f = _fields[field];
        return f.NameLength == name.Length && Ascii.EqualsIgnoreCase(_raw.AsSpan(f.NameStart, f.NameLength), name);
    }

    private ReadOnlySpan<byte> Value(int field) => _raw.AsSpan(_fields[field].ValueStart, _fields[field].ValueLength);

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Trim((byte)' ').Trim((byte)'\t');

    /// <summary>End of the line starting at <paramref name="start"/> (CRLF or bare LF); <paramref name="next"/> is the line after.</summary>
    private static int LineEnd(ReadOnlySpan<byte> span, int start, out int next)
    {
        int lf = span[start..].IndexOf((byte)'\n');
        if (lf < 0) throw new HttpProtocolException("the response head is incomplete");
        lf += start;
        next = lf + 1;
        return lf > start && span[lf - 1] == (byte)'\r' ? lf - 1 : lf;
    }

    private static bool IsDigits(ReadOnlySpan<byte> s) => s.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
}

/// <summary>How Transfer-Encoding frames a body.</summary>
internal enum TransferCoding
{
    /// <summary>No Transfer-Encoding: Content-Length or the end of the connection frames it.</summary>
    None,
    /// <summary>The last coding is chunked.</summary>
    Chunked,
    /// <summary>Another last coding: only the end of the connection frames it.</summary>
    Other,
}

/// <summary>The server broke HTTP/1.1 framing: reported as a network failure, like a cut connection.</summary>
internal sealed class HttpProtocolException : System.IO.IOException
{
    public HttpProtocolException(string message) : base(message) { }
}

/// <summary>The attempt's deadline passed before a connect, read or write could finish.</summary>
internal sealed class HttpTimeoutException : System.IO.IOException
{
    public HttpTimeoutException() : base("the attempt's time ran out") { }
}
