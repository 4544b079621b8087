using System;
using System.Threading;
using System.Threading.Tasks;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiteLlmNative.Executor;
using LiteLlmNative.Json;
using LiteLlmNative.Observability;
using LiteLlmNative.Provider;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Client;

/// <summary>
/// The operations of the C ABI on UTF-8 spans, with no pointer in sight: the exports marshal
/// into these, and the CLI calls them directly, so both behave the same. Each writes exactly
/// one document (the answer or an error document) and returns its status; nothing throws.
/// </summary>
internal static partial class LiteLlmApi
{
    public static LiteLlmStatus CreateClient(ReadOnlySpan<byte> optionsJson, bool hasOptions, PooledBuffer output, out LiteLlmClient? client)
    {
        client = null;
        try
        {
            var options = hasOptions
                ? StrictJsonReader.Read(optionsJson, LiteLlmJsonContext.Default.ClientOptionsDocument, "options_json")
                : null;
            var settings = Validated("options_json", () => ClientSettingsFactory.Create(options, Environment.GetEnvironmentVariable));
            client = new LiteLlmClient(settings);
            return LiteLlmStatus.Ok;
        }
        catch (Exception e)
        {
            return WriteFailure(e, SecretRedactor.None, output);
        }
    }

    public static LiteLlmStatus Generate(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, PooledBuffer output) =>
        Execute(client, requestJson, output, LiteLlmJsonContext.Default.GenerateRequestDocument,
            doc => ChatRequestFactory.FromDocument(doc, stream: false), r => r.Call,
            (c, r, token) => c.Provider.Generate(r, token), LiteLlmJsonContext.Default.GenerateResponseDocument);

    public static LiteLlmStatus GenerateStream(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, StreamEventHandler onEvent, PooledBuffer output) =>
        Execute(client, requestJson, output, LiteLlmJsonContext.Default.GenerateRequestDocument,
            doc => ChatRequestFactory.FromDocument(doc, stream: true), r => r.Call,
            (c, r, token) => c.Streamer.Stream(r, InCallback(c, token, onEvent), token), LiteLlmJsonContext.Default.GenerateResponseDocument);

    /// <summary>
    /// Starts a chat completion (streamed when <paramref name="onEvent"/> is given) and returns
    /// at once; <paramref name="onDone"/> receives its document on a pool thread, exactly once,
    /// whatever happens, a bad request included.
    /// </summary>
    public static AsyncCall StartGenerate(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, StreamEventHandler? onEvent, CompletionHandler onDone) =>
        Start(client, requestJson, onDone, LiteLlmJsonContext.Default.GenerateRequestDocument,
            doc => ChatRequestFactory.FromDocument(doc, stream: onEvent is not null), r => r.Call,
            onEvent is null
                ? (c, r, token) => c.Provider.GenerateAsync(r, token, async: true)
                : (c, r, token) => c.Streamer.StreamAsync(r, InCallback(c, token, onEvent), token, async: true),
            LiteLlmJsonContext.Default.GenerateResponseDocument);

    /// <summary>Starts a run (the whole ladder, asynchronously); as <see cref="StartGenerate"/>.</summary>
    public static AsyncCall StartRun(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, CompletionHandler onDone) =>
        Start(client, requestJson, onDone, LiteLlmJsonContext.Default.RunRequestDocument,
            RunPlanFactory.FromDocument, p => p.Template.Call,
            (c, p, token) => c.Runner.RunAsync(p, token, async: true), LiteLlmJsonContext.Default.RunResultDocument);

    /// <summary>A call that failed before it could start (its request unreadable): it still ends through <paramref name="onDone"/>.</summary>
    public static AsyncCall StartFailed(LiteLlmClient? client, Exception failure, CompletionHandler onDone)
    {
        var call = Failed(client, failure, onDone);
        call.Start();
        return call;
    }

    /// <summary>
    /// A prompt in, the answer's text out (no JSON on either side): one user message to
    /// <paramref name="model"/>. <paramref name="output"/> gets the text, or on failure the
    /// error's message.
    /// </summary>
    public static LiteLlmStatus Ask(LiteLlmClient? client, ReadOnlySpan<byte> model, ReadOnlySpan<byte> prompt, PooledBuffer output)
    {
        using var request = new PooledBuffer();
        using (var w = new Utf8JsonWriter(request, JsonOutput.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", prompt);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        using var document = new PooledBuffer();
        var status = Generate(client, request.WrittenSpan, document);
        output.Clear();
        if (!JsonPathLookup.TryGet(document.WrittenSpan, status == LiteLlmStatus.Ok ? "content" : "error.message", output))
        {
            output.Clear(); // an answer of tool calls only has no text: ""
        }
        return status;
    }

    public static LiteLlmStatus Run(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, PooledBuffer output) =>
        Execute(client, requestJson, output, LiteLlmJsonContext.Default.RunRequestDocument,
            RunPlanFactory.FromDocument, p => p.Template.Call,
            (c, p, token) => c.Runner.Run(p, token), LiteLlmJsonContext.Default.RunResultDocument);

    /// <summary>Cancels the calls carrying <paramref name="requestId"/>; OK when nothing matched.</summary>
    public static LiteLlmStatus Cancel(LiteLlmClient? client, string requestId)
    {
        (client ?? DefaultClient.Existing)?.Cancel(requestId);
        return LiteLlmStatus.Ok;
    }

    /// <summary>
    /// The shape of every asynchronous call: what <see cref="Execute"/> does before the network,
    /// on the starting thread (the request is borrowed for this call only), then the rest on
    /// the thread pool. A failure before the start is delivered the same way as any other.
    /// </summary>
    private static AsyncCall Start<TDocument, TRequest, TResult>(
        LiteLlmClient? client,
        ReadOnlySpan<byte> requestJson,
        CompletionHandler onDone,
        JsonTypeInfo<TDocument> documentType,
        Func<TDocument, TRequest> validate,
        Func<TRequest, CallSettings> callOf,
        Func<LiteLlmClient, TRequest, CancellationToken, ValueTask<TResult>> invoke,
        JsonTypeInfo<TResult> resultType)
        where TDocument : class
    {
        AsyncCall call;
        try
        {
            var document = StrictJsonReader.Read(requestJson, documentType, "request_json");
            var request = Validated("request_json", () => validate(document));
            client ??= DefaultClient.Get();
            var started = client;
            var settings = callOf(request);
            var redactor = client.Redactor.With(settings.Secrets);
            var scope = client.BeginCall(settings.RequestId, async: true);
            call = new AsyncCall(client, scope, async (token, output) =>
            {
                try
                {
                    var result = await invoke(started, request, token).ConfigureAwait(false);
                    using (result as IDisposable) Write(output, result, resultType); // a document may own native memory
                    redactor.Scrub(output); // a server's echo of a secret, in any field
                    return LiteLlmStatus.Ok;
                }
                catch (Exception e)
                {
                    return WriteFailure(e, redactor, output);
                }
            }, onDone);
        }
        catch (Exception e)
        {
            call = Failed(client, e, onDone);
        }
        call.Start();
        return call;
    }

    private static AsyncCall Failed(LiteLlmClient? client, Exception failure, CompletionHandler onDone)
    {
        LiteLlmClient.CallScope? scope = null;
        try
        {
            // Registered even so, so that litellm_client_free waits for this end too.
            scope = client?.BeginCall(null, async: true);
        }
        catch (LiteLlmException)
        {
            // the client is being freed: the end is delivered all the same
        }
        var redactor = client?.Redactor ?? SecretRedactor.None;
        return new AsyncCall(client, scope, (_, output) => new ValueTask<LiteLlmStatus>(WriteFailure(failure, redactor, output)), onDone);
    }

    /// <summary>Marks the host's stream callback as running inside <paramref name="client"/>'s call.</summary>
    private static StreamEventHandler InCallback(LiteLlmClient client, CancellationToken call, StreamEventHandler onEvent) => json =>
    {
        using (CallbackScope.Enter(client, call)) return onEvent(json);
    };

    /// <summary>
    /// The shape of every call: read and validate the request before any network work, take
    /// the default client if none was given, register the call so it can be cancelled, run
    /// it, and write its answer, or its error document, to <paramref name="output"/>.
    /// </summary>
    private static LiteLlmStatus Execute<TDocument, TRequest, TResult>(
        LiteLlmClient? client,
        ReadOnlySpan<byte> requestJson,
        PooledBuffer output,
        JsonTypeInfo<TDocument> documentType,
        Func<TDocument, TRequest> validate,
        Func<TRequest, CallSettings> callOf,
        Func<LiteLlmClient, TRequest, CancellationToken, TResult> invoke,
        JsonTypeInfo<TResult> resultType)
        where TDocument : class
    {
        SecretRedactor redactor = client?.Redactor ?? SecretRedactor.None;
        try
        {
            var document = StrictJsonReader.Read(requestJson, documentType, "request_json");
            var request = Validated("request_json", () => validate(document));
            client ??= DefaultClient.Get();
            var settings = callOf(request);
            redactor = client.Redactor.With(settings.Secrets); // the request's own secret headers too
            using var call = client.BeginCall(settings.RequestId);
            var result = invoke(client, request, call.Token);
            using (result as IDisposable) Write(output, result, resultType); // a document may own native memory
            redactor.Scrub(output); // a server's echo of a secret, in any field
            return LiteLlmStatus.Ok;
        }
        catch (Exception e)
        {
            return WriteFailure(e, redactor, output);
        }
    }

    /// <summary>
    /// Runs a validation step. Its errors that name a JSON path ("$.…") name a place in
    /// <paramref name="parameter"/>'s document, so they are prefixed with it; others (an
    /// environment variable, say) already say where they come from.
    /// </summary>
    private static T Validated<T>(string parameter, Func<T> validate)
    {
        try
        {
            return validate();
        }
        catch (LiteLlmException e) when (e.Status == LiteLlmStatus.InvalidArgument && e.Message.StartsWith('$'))
        {
            throw LiteLlmException.InvalidArgument($"{parameter}: {e.Message}");
        }
    }

    /// <summary>Writes the error document for <paramref name="e"/>; an unexpected exception is a bug: internal.</summary>
    public static LiteLlmStatus WriteFailure(Exception e, SecretRedactor redactor, PooledBuffer output)
    {
        LiteLlmError error = e is LiteLlmException known
            ? known.Error
            : new LiteLlmError(LiteLlmStatus.Internal, $"internal error ({e.GetType().Name}): {e.Message}");
        output.Clear();
        Write(output, ErrorDocuments.From(error, redactor), LiteLlmJsonContext.Default.ErrorDocument);
        redactor.Scrub(output);
        if (Log.IsEnabled(Log.Error))
        {
            Log.Write(Log.Error, new FailureLogEvent
            {
                Kind = error.Status.ToKind(),
                Message = redactor.Redact(error.Message) ?? "",
                RequestModel = error.Model,
                Attempts = error.Attempts,
                RequestId = error.RequestId,
            }, LiteLlmJsonContext.Default.FailureLogEvent, redactor);
        }
        return error.Status;
    }

    private static void Write<T>(PooledBuffer output, T value, JsonTypeInfo<T> type)
    {
        output.Clear();
        if (value is ILargeDocument large) output.Reserve(large.SizeHint); // e.g. 2,048 vectors: tens of MiB
        using var writer = new Utf8JsonWriter(output, JsonOutput.WriterOptions);
        JsonSerializer.Serialize(writer, value, type);
    }
}
