using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Buffers;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// Embeddings: one POST to <c>…/v1/embeddings</c> per call, through the client's transport (its
/// pool, key, headers, retries, timeouts, redaction and log), blocking or asynchronous.
/// </summary>
internal sealed class EmbeddingsService
{
    private readonly HttpTransport _transport;
    private readonly RequestHead _head;

    public EmbeddingsService(HttpTransport transport)
    {
        _transport = transport;
        _head = transport.RouteTo(EndpointUris.Embeddings(transport.Settings.ChatCompletionsUri), "POST");
    }

    public EmbedResponseDocument Embed(EmbedRequest request, CancellationToken cancel) =>
        Blocking.Result(EmbedAsync(request, cancel, async: false));

    public async ValueTask<EmbedResponseDocument> EmbedAsync(EmbedRequest request, CancellationToken cancel, bool async)
    {
        long started = Stopwatch.GetTimestamp();
        long maxBytes = _transport.Settings.MaxResponseBytes;
        ValueTask<EmbedResponseDocument> pending;
        using (var body = new PooledBuffer())
        {
            EmbedRequestWriter.Write(request, body);
            pending = _transport.SendAsync(_head, request.Call, body.WrittenSpan, async (HttpResponse http, AttemptContext attempt, bool isAsync) =>
            {
                // The answer's bytes go back as soon as its vectors are decoded: before the
                // document (the largest thing of the call) is written.
                using var payload = await ResponseBodyReader.ReadAllAsync(http, maxBytes, isAsync).ConfigureAwait(false);
                var doc = EmbeddingsReader.Read(payload.WrittenSpan, request);
                doc.CostUsd = ResponseHeaders.Double(http, "x-litellm-response-cost");
                doc.CallId = ResponseHeaders.First(http, "x-litellm-call-id");
                doc.Attempts = attempt.Number;
                attempt.ResponseModel = doc.Model;
                attempt.InputTokens = doc.InputTokens;
                return doc;
            }, async, cancel);
        }
        var response = await pending.ConfigureAwait(false);
        response.LatencyMs = ResponseTiming.ElapsedMs(started);
        return response;
    }
}
