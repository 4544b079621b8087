using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Http;
using LiteLlmNative.Buffers;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Provider;

/// <summary>
/// Receives one stream event (a UTF-8 JSON object, followed in memory by a NUL byte that is not
/// part of the span, so a C host can be given it without a copy); returns false to stop the call.
/// </summary>
internal delegate bool StreamEventHandler(ReadOnlySpan<byte> eventJson);

/// <summary>
/// The provider's streaming call (docs/abi.md#streaming): SSE chunks become delta, tool_call_delta and done
/// events as they arrive; the aggregated response is the same document litellm_generate returns.
/// </summary>
internal sealed class ChatStreamer
{
    private readonly HttpTransport _transport;

    public ChatStreamer(HttpTransport transport) => _transport = transport;

    public GenerateResponseDocument Stream(ChatRequest request, StreamEventHandler onEvent, CancellationToken cancel) =>
        Blocking.Result(StreamAsync(request, onEvent, cancel, async: false));

    /// <summary>The stream, blocking the calling thread (<paramref name="async"/> false) or holding none.</summary>
    public async ValueTask<GenerateResponseDocument> StreamAsync(ChatRequest request, StreamEventHandler onEvent, CancellationToken cancel, bool async)
    {
        long started = Stopwatch.GetTimestamp();
        using var events = new EventWriter(onEvent, cancel, _transport.Redactor.With(request.Call.Secrets));
        GenerateResponseDocument response;
        if (request.MockResponse is { } mock)
        {
            cancel.ThrowIfCancellationRequested();
            if (mock.Length > 0) events.Delta(mock);
            response = ResponseFactory.Mocked(mock, request.Model);
        }
        else
        {
            long maxBytes = _transport.Settings.MaxResponseBytes;
            ValueTask<GenerateResponseDocument> pending;
            // The body is copied into the request before anything waits: its buffer goes back now.
            using (var body = new PooledBuffer())
            {
                ChatRequestWriter.Write(request, body);
                pending = _transport.SendAsync(request.Call, body.WrittenSpan,
                    (http, attempt, isAsync) => ReadStreamAsync(http, attempt, request.Model, maxBytes, events, isAsync), async, cancel);
            }
            response = await pending.ConfigureAwait(false);
        }
        response.LatencyMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
        events.Done(response);
        return response;
    }

    private static async ValueTask<GenerateResponseDocument> ReadStreamAsync(
        HttpResponse http, AttemptContext attempt, string model, long maxBytes, EventWriter events, bool async)
    {
        events.Attempt = attempt;
        string? mediaType = http.Head.MediaType();
        if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return await WholeAnswerAsync(http, attempt, model, maxBytes, events, async).ConfigureAwait(false);
        }
        if (mediaType is not null && !string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            byte[] prefix = await ResponseBodyReader.ReadPrefixAsync(http, ErrorLimits.BodyBytes + ErrorLimits.RedactionMargin, async).ConfigureAwait(false);
            throw new LiteLlmException(new LiteLlmError(LiteLlmStatus.BadResponse,
                $"asked for a stream, the server answered {mediaType} instead of text/event-stream")
            {
                Body = ErrorLimits.BodyText(prefix),
            });
        }
        using var aggregate = new StreamAggregator();
        try
        {
            return await ReadEventsAsync(http, attempt, model, maxBytes, events, aggregate, async).ConfigureAwait(false);
        }
        catch when (Keep(attempt, aggregate.ContentPrefix(ErrorLimits.PartialContentChars + ErrorLimits.RedactionMargin)))
        {
            throw; // never reached: the filter keeps what arrived before the text is released
        }
    }

    private static bool Keep(AttemptContext attempt, string partial)
    {
        attempt.PartialContent = () => partial;
        return false;
    }

    private static async ValueTask<GenerateResponseDocument> ReadEventsAsync(
        HttpResponse http, AttemptContext attempt, string model, long maxBytes, EventWriter events, StreamAggregator aggregate, bool async)
    {
        using var sse = new SseReader(http, maxBytes);
        var chunks = new StreamChunkReader();
        bool done = false;
        while (true)
        {
            // One await per read, on the socket's own reusable operation: a stream waiting
            // for its next event allocates nothing.
            var step = sse.TryNext();
            if (step == SseStep.NeedData)
            {
                http.Received(await http.ReceiveAsync(async).ConfigureAwait(false));
                continue;
            }
            if (step == SseStep.End) break;
            ReadOnlySpan<byte> data = sse.Data;
            if (data.SequenceEqual("[DONE]"u8))
            {
                done = true;
                break;
            }
            aggregate.Chunks++;
            ApplyChunk(data, chunks, aggregate, events);
        }
        if (aggregate.Chunks == 0)
        {
            // A 2xx stream that ends before its first chunk is no answer at all, never an empty success.
            throw new LiteLlmException(new LiteLlmError(LiteLlmStatus.BadResponse,
                done ? "the server's 2xx stream ended ([DONE]) before any chunk" : "the server's 2xx stream ended before any chunk"));
        }
        if (!done && !aggregate.SawFinish)
        {
            throw new IOException("the stream ended before the model finished (no finish_reason and no [DONE])");
        }
        if (done)
        {
            // The terminating chunk usually follows [DONE] at once: read it so the connection
            // is kept; a server that holds the stream open just loses the connection.
            try
            {
                http.TryFinishBody();
            }
            catch (IOException)
            {
                // the answer is complete; only the connection is lost
            }
        }
        var response = aggregate.ToResponse(model);
        ChatResponseReader.Complete(response, http, attempt);
        return response;
    }

    /// <summary>
    /// A server that ignores <c>stream: true</c> and answers one JSON completion: the answer is
    /// still good, so it is delivered as one delta (and its tool calls) and done.
    /// </summary>
    private static async ValueTask<GenerateResponseDocument> WholeAnswerAsync(
        HttpResponse http, AttemptContext attempt, string model, long maxBytes, EventWriter events, bool async)
    {
        GenerateResponseDocument response;
        // The body goes back before the events are written: the answer is held once, not twice.
        using (var payload = await ResponseBodyReader.ReadAllAsync(http, maxBytes, async).ConfigureAwait(false))
        {
            response = ChatResponseReader.Read(payload.WrittenSpan, model);
        }
        ChatResponseReader.Complete(response, http, attempt);
        attempt.PartialContent = () => response.Content.ToString();
        if (response.ReasoningContent is { IsEmpty: false } reasoning) events.WholeReasoning(reasoning);
        if (!response.Content.IsEmpty) events.WholeDelta(response.Content);
        for (int i = 0; i < response.ToolCalls.Count; i++)
        {
            var call = response.ToolCalls[i];
            string arguments = call.Arguments.ValueKind == JsonValueKind.String ? call.Arguments.GetString()! : call.Arguments.GetRawText();
            events.ToolCallDelta(i, call.Id, call.Name, arguments);
        }
        return response;
    }

    private static void ApplyChunk(ReadOnlySpan<byte> data, StreamChunkReader chunk, StreamAggregator aggregate, EventWriter events)
    {
        try
        {
            chunk.Read(data, aggregate.Model, aggregate.Id);
        }
        catch (JsonException e)
        {
            throw new LiteLlmException(new LiteLlmError(LiteLlmStatus.BadResponse, $"a stream event is not a chat completion chunk ({JsonErrorText.Ours(e)})")
            {
                Body = ErrorLimits.BodyText(data),
            });
        }
        catch (InvalidOperationException)
        {
            throw BadEscape(data); // every string of the chunk is decoded while it is read
        }
        ApplyReadChunk(chunk, data, aggregate, events);
    }

    private static LiteLlmException BadEscape(ReadOnlySpan<byte> data) =>
        new(new LiteLlmError(LiteLlmStatus.BadResponse, "a stream event has an invalid \\u escape (a lone UTF-16 surrogate)")
        {
            Body = ErrorLimits.BodyText(data),
        });

    private static void ApplyReadChunk(StreamChunkReader chunk, ReadOnlySpan<byte> data, StreamAggregator aggregate, EventWriter events)
    {
        if (!chunk.Present) return;
        if (chunk.HasError) throw InBandError(data);
        if (chunk.StreamError is { } stopped)
        {
            throw new LiteLlmException(new LiteLlmError(LiteLlmStatus.BadResponse, $"the server stopped the stream: {stopped}")
            {
                Body = ErrorLimits.BodyText(data),
            });
        }
        if (chunk.Model is { Length: > 0 } m) aggregate.Model = m;
        aggregate.TakeId(chunk.Id);
        if (chunk.HasUsage) aggregate.AddUsage(chunk.Usage);
        for (int c = 0; c < chunk.ChoiceCount; c++)
        {
            var choice = chunk.Choice(c);
            if (choice.Index != 0) continue; // n > 1 is not part of this API
            if (choice.HasDelta) ApplyDelta(choice, data, aggregate, events);
            // "" is no reason (some servers send it on every chunk); a later null changes nothing.
            if (choice.FinishReason is { Length: > 0 } finish) aggregate.Finish(finish);
        }
    }

    private static void ApplyDelta(ChunkChoice choice, ReadOnlySpan<byte> data, StreamAggregator aggregate, EventWriter events)
    {
        aggregate.AddShape(choice.Role, choice.ContentIsText);
        // The reasoning first: a chunk that carries both is thinking that ends where the text begins.
        // A server that sends both names (vLLM while it renamed one to the other) says it once.
        if (choice.ReasoningContent.Length > 0)
        {
            aggregate.AddReasoningContent(choice.ReasoningContent);
            events.ReasoningDelta(choice.ReasoningContent);
        }
        if (choice.Reasoning.Length > 0)
        {
            aggregate.AddReasoning(choice.Reasoning);
            if (choice.ReasoningContent.Length == 0) events.ReasoningDelta(choice.Reasoning);
        }
        string text = choice.Content;
        if (text.Length > 0)
        {
            aggregate.AddContent(text);
            events.Delta(text);
        }
        // What is merged as it comes is decoded as it is merged: a bad escape shows here.
        try
        {
            if (choice.DeltaThinkingBlocks.IsPresent) aggregate.AddThinkingBlocks(choice.DeltaThinkingBlocks.In(data));
            if (choice.DeltaOthers is { Count: > 0 } others)
            {
                foreach (var other in others) aggregate.AddOther(other.NameIn(data), other.Value.In(data));
            }
        }
        catch (InvalidOperationException)
        {
            throw BadEscape(data);
        }
        if (choice.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                if (call is null) continue;
                int number;
                string? id, name;
                try
                {
                    number = aggregate.AddToolCall(call, data, out id, out name);
                }
                catch (InvalidOperationException)
                {
                    throw BadEscape(data);
                }
                events.ToolCallDelta(number, id, name, call.Function?.Arguments ?? "");
            }
        }
    }

    /// <summary>
    /// <c>data: {"error": {…}}</c> mid-stream: http_status when its code or type names a status
    /// (classified as the same error answered unstreamed), else bad_response.
    /// </summary>
    private static LiteLlmException InBandError(ReadOnlySpan<byte> data)
    {
        byte[] bytes = data.ToArray();
        var server = ServerError.Parse(bytes);
        int? status = server.Status();
        string message = status is { } s
            ? $"litellm API error {s} (in the stream): {server.Message ?? "no message"}"
            : $"the stream carried an error: {server.Message ?? "no message"}";
        return new LiteLlmException(new LiteLlmError(status is null ? LiteLlmStatus.BadResponse : LiteLlmStatus.HttpStatus, message)
        {
            HttpStatus = status,
            Body = ErrorLimits.BodyText(bytes),
            ErrorType = server.Type,
            ErrorCode = server.Code,
        });
    }

    /// <summary>Serialises events into one reused buffer and hands them to the host.</summary>
    private sealed class EventWriter : IDisposable
    {
        private readonly StreamEventHandler _onEvent;
        private readonly CancellationToken _cancel;
        private readonly SecretRedactor _redactor;
        private readonly PooledBuffer _buffer = new(256);
        private readonly DeltaEvent _delta = new();
        private readonly ReasoningDeltaEvent _reasoningDelta = new();
        private readonly ToolCallDeltaEvent _toolDelta = new();
        private Utf8JsonWriter? _writer;
        // A server's echo of a secret split across pieces: held back until it is whole, per
        // text (the content, and each tool call's arguments).
        private readonly SplitSecretGuard _content;
        private SplitSecretGuard? _reasoning;
        private List<IndexedGuard>? _arguments;

        private sealed record IndexedGuard(int Index, SplitSecretGuard Guard);

        public EventWriter(StreamEventHandler onEvent, CancellationToken cancel, SecretRedactor redactor)
        {
            _onEvent = onEvent;
            _cancel = cancel;
            _redactor = redactor;
            _content = new SplitSecretGuard(redactor);
        }

        public AttemptContext? Attempt { get; set; }

        /// <summary>A piece of the text, as the stream delivered it.</summary>
        public void Delta(string piece)
        {
            string now = _content.Take(piece);
            if (now.Length > 0) EmitDelta(now);
        }

        /// <summary>A piece of the reasoning, as the stream delivered it.</summary>
        public void ReasoningDelta(string piece)
        {
            string now = (_reasoning ??= new SplitSecretGuard(_redactor)).Take(piece);
            if (now.Length > 0) EmitReasoning(now);
        }

        /// <summary>The whole reasoning at once (an answer that was not streamed).</summary>
        public void WholeReasoning(Utf8Text reasoning) => EmitReasoning(reasoning);

        private void EmitReasoning(Utf8Text content)
        {
            _reasoningDelta.Content = content;
            Emit(_reasoningDelta, LiteLlmJsonContext.Default.ReasoningDeltaEvent);
        }

        /// <summary>The whole text at once (an answer that was not streamed): nothing to split.</summary>
        public void WholeDelta(Utf8Text content) => EmitDelta(content);

        private void EmitDelta(Utf8Text content)
        {
            _delta.Content = content;
            Emit(_delta, LiteLlmJsonContext.Default.DeltaEvent);
        }

        public void ToolCallDelta(int index, string? id, string? name, string arguments)
        {
            string now = ArgumentsGuard(index).Take(arguments);
            if (now.Length > 0 || id is not null || name is not null) EmitToolCallDelta(index, id, name, now);
        }

        private SplitSecretGuard ArgumentsGuard(int index)
        {
            _arguments ??= new();
            foreach (var held in _arguments)
            {
                if (held.Index == index) return held.Guard;
            }
            var added = new SplitSecretGuard(_redactor);
            _arguments.Add(new IndexedGuard(index, added));
            return added;
        }

        private void EmitToolCallDelta(int index, string? id, string? name, string arguments)
        {
            _toolDelta.Index = index;
            _toolDelta.Id = id;
            _toolDelta.Name = name;
            _toolDelta.Arguments = arguments;
            Emit(_toolDelta, LiteLlmJsonContext.Default.ToolCallDeltaEvent);
        }

        /// <summary>
        /// What was held back, then the last event: the call is complete, so a "stop" from the
        /// host changes nothing.
        /// </summary>
        public void Done(GenerateResponseDocument response)
        {
            if (_reasoning?.Flush() is { Length: > 0 } thought) EmitReasoning(thought);
            string rest = _content.Flush();
            if (rest.Length > 0) EmitDelta(rest);
            if (_arguments is not null)
            {
                foreach (var (index, guard) in _arguments)
                {
                    string arguments = guard.Flush();
                    if (arguments.Length > 0) EmitToolCallDelta(index, null, null, arguments);
                }
            }
            Emit(new DoneEvent { Response = response }, LiteLlmJsonContext.Default.DoneEvent, last: true);
        }

        private void Emit<T>(T value, JsonTypeInfo<T> type, bool last = false)
        {
            // Events already buffered are not delivered after a cancel (one made in the last
            // event's callback included): the connection's abort cannot stop those.
            if (_cancel.IsCancellationRequested)
            {
                throw LiteLlmException.Create(LiteLlmStatus.Cancelled, "the call was cancelled");
            }
            _buffer.Clear();
            // One writer for the whole stream, reset per event.
            if (_writer is null) _writer = new Utf8JsonWriter(_buffer, JsonOutput.WriterOptions);
            else _writer.Reset(_buffer);
            JsonSerializer.Serialize(_writer, value, type);
            _writer.Flush();
            _redactor.Scrub(_buffer); // a server's echo of a secret, in the text or the done response
            _buffer.GetSpan(1)[0] = 0; // the NUL after the event (not written: not part of it)
            // From the first event on, a retry would repeat what the host has already seen.
            if (Attempt is not null) Attempt.Committed = true;
            if (!_onEvent(_buffer.WrittenSpan) && !last)
            {
                throw LiteLlmException.Create(LiteLlmStatus.Cancelled, "the stream callback asked to stop");
            }
        }

        public void Dispose()
        {
            _writer?.Dispose();
            _buffer.Dispose();
        }
    }
}
