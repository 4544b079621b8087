using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Http;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Provider;

/// <summary>The provider: one chat completion per call (docs/documents.md).</summary>
internal sealed class ChatProvider
{
    private readonly HttpTransport _transport;

    public ChatProvider(HttpTransport transport) => _transport = transport;

    public TransportSettings Settings => _transport.Settings;

    public GenerateResponseDocument Generate(ChatRequest request, CancellationToken cancel) =>
        Blocking.Result(GenerateAsync(request, cancel, async: false));

    /// <summary>One completion, blocking the calling thread (<paramref name="async"/> false) or holding none.</summary>
    public async ValueTask<GenerateResponseDocument> GenerateAsync(ChatRequest request, CancellationToken cancel, bool async)
    {
        long started = Stopwatch.GetTimestamp();
        if (request.MockResponse is { } mock)
        {
            cancel.ThrowIfCancellationRequested();
            return Mocked(request, mock, started);
        }

        long maxBytes = _transport.Settings.MaxResponseBytes;
        string model = request.Model;
        ValueTask<GenerateResponseDocument> pending;
        // The body is copied into the request before anything waits: its buffer goes back now.
        using (var body = new PooledBuffer())
        {
            ChatRequestWriter.Write(request, body);
            pending = _transport.SendAsync(request.Call, body.WrittenSpan, async (HttpResponse http, AttemptContext attempt, bool isAsync) =>
            {
                using var payload = await ResponseBodyReader.ReadAllAsync(http, maxBytes, isAsync).ConfigureAwait(false);
                var doc = ChatResponseReader.Read(payload.WrittenSpan, model, request.KeepMessage);
                ChatResponseReader.Complete(doc, http, attempt);
                return doc;
            }, async, cancel);
        }
        var response = await pending.ConfigureAwait(false);
        response.LatencyMs = ElapsedMs(started);
        return response;
    }

    /// <summary>LiteLLM's <c>mock_response</c>: the canned text, no network call, no attempt.</summary>
    private static GenerateResponseDocument Mocked(ChatRequest request, string content, long started)
    {
        var response = ResponseFactory.Mocked(content, request.Model);
        response.LatencyMs = ElapsedMs(started);
        return response;
    }

    private static double ElapsedMs(long started) =>
        Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
}
