using System;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Endpoints;

/// <summary>A GET of one route through the client's transport (retries, timeouts, log), its 2xx body read whole and mapped.</summary>
internal static class RouteCalls
{
    public static ValueTask<T> GetAsync<T>(
        HttpTransport transport, RequestHead head, in CallSettings call, Func<ReadOnlyMemory<byte>, T> read, CancellationToken cancel, bool async)
    {
        long maxBytes = transport.Settings.MaxResponseBytes;
        return transport.SendAsync(head, call, ReadOnlySpan<byte>.Empty, async (HttpResponse http, AttemptContext attempt, bool isAsync) =>
        {
            using var payload = await ResponseBodyReader.ReadAllAsync(http, maxBytes, isAsync).ConfigureAwait(false);
            return read(payload.WrittenMemory);
        }, async, cancel);
    }
}
