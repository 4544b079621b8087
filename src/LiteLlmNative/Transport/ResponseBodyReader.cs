using System;
using System.Threading.Tasks;
using LiteLlmNative.Transport.Http;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Transport;

/// <summary>Reads a response body into a pooled buffer, refusing more than a cap.</summary>
internal static class ResponseBodyReader
{
    /// <summary>
    /// Reads the whole body (blocking, or asynchronously with <paramref name="async"/>); the
    /// transport ends the reads on timeout or cancellation by closing the connection.
    /// </summary>
    public static async ValueTask<PooledBuffer> ReadAllAsync(HttpResponse response, long maxBytes, bool async)
    {
        long? declared = response.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        // A declared length is allocated at once, exactly: growing by doubling would hold the
        // old and the new storage together, and end with up to twice the answer's size.
        var buffer = new PooledBuffer(declared is > 0 ? (int)declared.Value : 16 * 1024, maxBytes + 8192);
        try
        {
            while (true)
            {
                var step = response.TryRead(out var piece);
                if (step == BodyStep.End) break;
                if (step == BodyStep.NeedData)
                {
                    response.Received(await response.ReceiveAsync(async).ConfigureAwait(false));
                    continue;
                }
                if (buffer.Length + (long)piece.Length > maxBytes) throw TooLarge(maxBytes);
                piece.Span.CopyTo(buffer.GetSpan(piece.Length));
                buffer.Advance(piece.Length);
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
    public static async ValueTask<byte[]> ReadPrefixAsync(HttpResponse response, int limit, bool async)
    {
        using var buffer = new PooledBuffer(Math.Min(limit, 16 * 1024));
        while (buffer.Length < limit)
        {
            var step = response.TryRead(out var piece);
            if (step == BodyStep.End) break;
            if (step == BodyStep.NeedData)
            {
                response.Received(await response.ReceiveAsync(async).ConfigureAwait(false));
                continue;
            }
            int n = Math.Min(piece.Length, limit - buffer.Length);
            piece.Span[..n].CopyTo(buffer.GetSpan(n));
            buffer.Advance(n);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static LiteLlmException TooLarge(long maxBytes) =>
        LiteLlmException.Create(LiteLlmStatus.BadResponse,
            $"response body is larger than max_response_bytes ({maxBytes} bytes)");
}
