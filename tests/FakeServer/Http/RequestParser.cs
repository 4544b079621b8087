using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// Reads one HTTP/1.x request: request line, headers, and a body framed by Content-Length or
/// chunked transfer-encoding. Limits are generous for tests but stop a broken client from
/// making the server allocate without bound.
/// </summary>
internal static class RequestParser
{
    private const int MaxLineLength = 64 * 1024;
    private const int MaxHeaderCount = 256;
    private const int MaxBodyLength = 64 * 1024 * 1024;

    private static readonly byte[] Continue = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");

    /// <summary>Returns null when the client closed the connection cleanly between requests.</summary>
    public static async Task<ParsedRequest?> ReadAsync(
        BufferedStreamReader reader, Stream output, CancellationToken cancellation)
    {
        string? requestLine;
        do
        {
            requestLine = await reader.ReadLineAsync(MaxLineLength, cancellation).ConfigureAwait(false);
            if (requestLine is null)
            {
                return null;
            }
        }
        while (requestLine.Length == 0); // RFC 9112 §2.2: ignore stray empty lines before a request

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new MalformedRequestException($"bad request line: {requestLine}");
        }

        var headers = await ReadHeadersAsync(reader, cancellation).ConfigureAwait(false);

        bool chunked = headers.TryGetValue("Transfer-Encoding", out var te)
            && te.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        long contentLength = chunked ? -1 : ParseContentLength(headers);

        // Clients that send Expect (curl does for chunked uploads) wait for this before the body.
        if (headers.TryGetValue("Expect", out var expect)
            && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase)
            && (chunked || contentLength > 0))
        {
            await output.WriteAsync(Continue, cancellation).ConfigureAwait(false);
        }

        byte[] body = chunked
            ? await ReadChunkedBodyAsync(reader, cancellation).ConfigureAwait(false)
            : await ReadFixedBodyAsync(reader, contentLength, cancellation).ConfigureAwait(false);

        bool http10 = parts[2] == "HTTP/1.0";
        bool wantsClose = http10
            ? !HasConnectionToken(headers, "keep-alive")
            : HasConnectionToken(headers, "close");

        var request = new RecordedRequest(parts[0], parts[1], headers.AsReadOnly(), body);
        return new ParsedRequest(request, wantsClose);
    }

    private static async Task<Dictionary<string, string>> ReadHeadersAsync(
        BufferedStreamReader reader, CancellationToken cancellation)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int count = 0; ; count++)
        {
            string line = await reader.ReadLineAsync(MaxLineLength, cancellation).ConfigureAwait(false)
                ?? throw new MalformedRequestException("connection closed inside the headers");
            if (line.Length == 0)
            {
                return headers;
            }

            if (count >= MaxHeaderCount)
            {
                throw new MalformedRequestException("too many headers");
            }

            int colon = line.IndexOf(':');
            if (colon <= 0 || line[0] == ' ' || line[0] == '\t')
            {
                throw new MalformedRequestException($"bad header line: {line}");
            }

            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var previous) ? previous + ", " + value : value;
        }
    }

    private static long ParseContentLength(Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue("Content-Length", out var raw))
        {
            return 0; // a request without framing has no body (RFC 9112 §6.3)
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            throw new MalformedRequestException($"bad Content-Length: {raw}");
        }

        if (length > MaxBodyLength)
        {
            throw new MalformedRequestException($"body of {length} bytes is over the limit");
        }

        return length;
    }

    private static async Task<byte[]> ReadFixedBodyAsync(
        BufferedStreamReader reader, long length, CancellationToken cancellation)
    {
        var body = new byte[length];
        await reader.ReadExactlyAsync(body, cancellation).ConfigureAwait(false);
        return body;
    }

    private static async Task<byte[]> ReadChunkedBodyAsync(BufferedStreamReader reader, CancellationToken cancellation)
    {
        var body = new MemoryStream();
        while (true)
        {
            string sizeLine = await reader.ReadLineAsync(MaxLineLength, cancellation).ConfigureAwait(false)
                ?? throw new MalformedRequestException("connection closed before a chunk size");
            int semicolon = sizeLine.IndexOf(';'); // chunk extensions are allowed and ignored
            string hex = (semicolon >= 0 ? sizeLine[..semicolon] : sizeLine).Trim();
            if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int size) || size < 0)
            {
                throw new MalformedRequestException($"bad chunk size: {sizeLine}");
            }

            if (size == 0)
            {
                // Trailer fields, if any, end with an empty line; they are read and dropped.
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(MaxLineLength, cancellation).ConfigureAwait(false)))
                {
                }

                return body.ToArray();
            }

            if (body.Length + size > MaxBodyLength)
            {
                throw new MalformedRequestException("chunked body is over the limit");
            }

            var chunk = new byte[size];
            await reader.ReadExactlyAsync(chunk, cancellation).ConfigureAwait(false);
            body.Write(chunk);

            string? terminator = await reader.ReadLineAsync(MaxLineLength, cancellation).ConfigureAwait(false);
            if (terminator is null || terminator.Length != 0)
            {
                throw new MalformedRequestException("chunk data not followed by CRLF");
            }
        }
    }

    private static bool HasConnectionToken(Dictionary<string, string> headers, string token)
    {
        if (!headers.TryGetValue("Connection", out var value))
        {
            return false;
        }

        foreach (var part in value.Split(','))
        {
            if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
