using System;
using System.IO;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Transport;

/// <summary>Reads a response body into a pooled buffer, refusing more than a cap.</summary>
internal static class ResponseBodyReader
{
    /// <summary>
    /// Reads the whole body. Reads are synchronous (no thread-pool hop on the hot path); the
    /// transport aborts them on timeout or cancellation by closing the connection.
    /// </summary>
    public static PooledBuffer ReadAll(HttpResponse response, long maxBytes)
    {
        long? declared = response.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        var buffer = new PooledBuffer(declared is > 0 and < 1 << 20 ? (int)declared.Value : 16 * 1024, maxBytes + 8192);
        try
        {
            Stream stream = response.Body;
            while (true)
            {
                int n = stream.Read(buffer.GetSpan(8192));
                if (n == 0) break;
                buffer.Advance(n);
                if (buffer.Length > maxBytes) throw TooLarge(maxBytes);
            }
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes: enough of an error body to report.</summary>
    public static byte[] ReadPrefix(HttpResponse response, int limit)
    {
        using var buffer = new PooledBuffer(Math.Min(limit, 16 * 1024));
        Stream stream = response.Body;
        while (buffer.Length < limit)
        {
            var span = buffer.GetSpan(Math.Min(8192, limit - buffer.Length));
            int n = stream.Read(span[..Math.Min(span.Length, limit - buffer.Length)]);
            if (n == 0) break;
            buffer.Advance(n);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static LiteLlmException TooLarge(long maxBytes) =>
        LiteLlmException.Create(LiteLlmStatus.BadResponse,
            $"response body is larger than max_response_bytes ({maxBytes} bytes)");
}
