using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// A scripted answer to one request. Build one with the static factories and hand it to
/// <see cref="FakeOpenAiServer.Enqueue"/>. Responses framed by Content-Length keep the connection
/// alive (unless the request or the response headers say close); the others end it.
/// </summary>
public abstract record FakeResponse
{
    private protected FakeResponse()
    {
    }

    /// <summary>Writes the response; the request has already been read in full.</summary>
    internal abstract Task<ConnectionFate> WriteAsync(ResponseContext context);

    /// <summary>A Content-Length framed body with Content-Type application/json. Headers override same-named defaults.</summary>
    public static FakeResponse Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        Text(status, body, "application/json", headers);

    /// <summary>A Content-Length framed body with any content type.</summary>
    public static FakeResponse Text(int status, string body, string contentType = "text/plain", IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new ContentLengthResponse(CheckStatus(status), contentType, Encoding.UTF8.GetBytes(body), headers);
    }

    /// <summary>A real server's answer as recorded in Fixtures/ (<c>openai/stream-tool-calls</c>): its status, headers and body or events.</summary>
    public static FakeResponse Recorded(string name) => RecordedAnswer.Load(name).ToResponse();

    /// <summary>A 200 chat.completion with one choice; a null content is sent as JSON null.</summary>
    public static FakeResponse Completion(
        string? content,
        string? finishReason = "stop",
        int promptTokens = 10,
        int completionTokens = 5,
        string model = "fake-model",
        IReadOnlyDictionary<string, string>? headers = null,
        bool includeUsage = true) =>
        Json(200, OpenAiBodies.Completion(OpenAiBodies.DefaultId, model, content, finishReason, promptTokens, completionTokens, includeUsage), headers);

    /// <summary>A 200 chat.completion whose message has null content, these tool_calls, and finish_reason "tool_calls".</summary>
    public static FakeResponse ToolCalls(params (string Id, string Name, string Arguments)[] calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var list = calls.Select(c => new ToolCall(c.Id, c.Name, c.Arguments)).ToList();
        return Json(200, OpenAiBodies.Completion(OpenAiBodies.DefaultId, "fake-model", null, "tool_calls", 10, 5, includeUsage: true, list));
    }

    /// <summary>OpenAI's error envelope <c>{"error":{"message","type","code"}}</c> with this status.</summary>
    public static FakeResponse Error(
        int status,
        string message,
        string? type = null,
        string? code = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        Json(status, OpenAiBodies.Error(message, type, code), headers);

    /// <summary>Exactly these bytes, status line and headers included; then close unless told otherwise.</summary>
    public static FakeResponse Raw(byte[] bytes, bool closeAfter = true)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new RawResponse((byte[])bytes.Clone(), closeAfter);
    }

    /// <summary>Reads the request, then aborts the connection with RST without writing a byte.</summary>
    public static FakeResponse ResetBeforeHeaders() => new ResetBeforeHeadersResponse();

    /// <summary>Writes a status line and headers promising 100 body bytes, then aborts with RST.</summary>
    public static FakeResponse ResetAfterHeaders(int status = 200) => new ResetAfterHeadersResponse(CheckStatus(status));

    /// <summary>Promises 50 more bytes than <paramref name="body"/> has, sends the body, then closes (FIN).</summary>
    public static FakeResponse TruncatedBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new TruncatedBodyResponse(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Waits <paramref name="delay"/> (cut short by Dispose) before answering with <paramref name="inner"/>.</summary>
    public static FakeResponse Delayed(FakeResponse inner, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new DelayedResponse(inner, delay);
    }

    /// <summary>Writes 200 headers promising 1000 body bytes, then sends nothing until the server is disposed.</summary>
    public static FakeResponse StallAfterHeaders() => new StallAfterHeadersResponse();

    /// <summary>
    /// A text/event-stream answer framed by connection close: each payload as a
    /// <c>data:</c> event, then <c>data: [DONE]</c> when <paramref name="includeDone"/>.
    /// Without <paramref name="chunkSize"/> each event is one write; with it the whole body is
    /// written that many bytes at a time. <paramref name="delayBetweenChunks"/> pauses before each
    /// body write (the first included, so headers arrive visibly before any data).
    /// </summary>
    public static FakeResponse Sse(
        IEnumerable<string> dataPayloads,
        bool includeDone = true,
        int? chunkSize = null,
        bool crlf = false,
        TimeSpan? delayBetweenChunks = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(dataPayloads);
        CheckChunking(chunkSize, delayBetweenChunks);
        return new SseResponse(SseEncoding.Events(dataPayloads, includeDone, crlf), chunkSize, delayBetweenChunks, headers);
    }

    /// <summary>A text/event-stream answer whose body is exactly <paramref name="rawText"/> (comments, event: fields, anything).</summary>
    public static FakeResponse SseRaw(string rawText, int? chunkSize = null, TimeSpan? delayBetweenChunks = null)
    {
        ArgumentNullException.ThrowIfNull(rawText);
        CheckChunking(chunkSize, delayBetweenChunks);
        return new SseResponse([Encoding.UTF8.GetBytes(rawText)], chunkSize, delayBetweenChunks, Headers: null);
    }

    /// <summary>
    /// A slow link: the bytes <paramref name="inner"/> would send (any well-framed response) go one
    /// at a time, <paramref name="perByte"/> apart (default 100 ms), the status line and headers
    /// included unless <paramref name="trickleHead"/> is false. Ends as <paramref name="inner"/> does.
    /// </summary>
    public static FakeResponse Trickle(FakeResponse inner, TimeSpan? perByte = null, bool trickleHead = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var pause = perByte ?? TimeSpan.FromMilliseconds(100);
        ArgumentOutOfRangeException.ThrowIfLessThan(pause, TimeSpan.Zero, nameof(perByte));
        return new TrickleResponse(inner, pause, trickleHead);
    }

    /// <summary>A 200 application/json answer with <paramref name="body"/>, sent one byte every <paramref name="perByte"/>.</summary>
    public static FakeResponse Trickle(string body, TimeSpan? perByte = null, bool trickleHead = true) =>
        Trickle(Json(200, body), perByte, trickleHead);

    /// <summary>
    /// A 200 with a JSON-looking body <paramref name="bytes"/> long (<c>{"choices":[{"message":{"content":"xxxx…</c>),
    /// generated as it is sent. With <paramref name="declareLength"/> the Content-Length announces
    /// the size; without it the body is framed by closing the connection.
    /// </summary>
    public static FakeResponse HugeBody(long bytes, bool declareLength = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new HugeBodyResponse(bytes, declareLength);
    }

    /// <summary>
    /// A text/event-stream of about <paramref name="bytes"/> bytes: 1000-character content deltas,
    /// or with <paramref name="oneEvent"/> one <c>data:</c> line that never ends. No finish, no [DONE].
    /// </summary>
    public static FakeResponse HugeSse(long bytes, bool oneEvent = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new HugeSseResponse(bytes, oneEvent);
    }

    /// <summary>A 301, 302, 303, 307 or 308 with this Location and an empty body; the connection stays usable.</summary>
    public static FakeResponse Redirect(int status, string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (status is not (301 or 302 or 303 or 307 or 308))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a redirect status is 301, 302, 303, 307 or 308");
        }

        return Text(status, string.Empty, "text/plain", new Dictionary<string, string> { ["Location"] = location });
    }

    /// <summary>
    /// <paramref name="count"/> copies of an error answer with <paramref name="status"/> carrying
    /// <paramref name="header"/>: <paramref name="retryAfter"/> (e.g. <c>Retry-After: 120</c> or
    /// <c>retry-after-ms: 10</c>), for <see cref="FakeOpenAiServer.Enqueue"/>.
    /// </summary>
    public static FakeResponse[] RetryStorm(int status, string retryAfter, int count = 10, string header = "Retry-After")
    {
        ArgumentNullException.ThrowIfNull(retryAfter);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var headers = new Dictionary<string, string> { [header] = retryAfter };
        return Enumerable.Range(0, count)
            .Select(i => Error(status, $"storm {i + 1} of {count}", "storm_error", status.ToString(System.Globalization.CultureInfo.InvariantCulture), headers))
            .ToArray();
    }

    /// <summary>
    /// The body <see cref="Sse"/> would send for these payloads (each as a <c>data:</c> event, then
    /// <c>data: [DONE]</c> when <paramref name="includeDone"/>), so a test can compute byte offsets.
    /// </summary>
    public static byte[] SseBody(IEnumerable<string> dataPayloads, bool includeDone = true, bool crlf = false)
    {
        ArgumentNullException.ThrowIfNull(dataPayloads);
        return SseEncoding.Events(dataPayloads, includeDone, crlf).SelectMany(e => e).ToArray();
    }

    /// <summary>
    /// SSE headers, then the first <paramref name="cutAfterBytes"/> bytes of the stream
    /// <see cref="SseBody"/> gives for these payloads (head not counted), then FIN, or RST when
    /// <paramref name="reset"/>.
    /// </summary>
    public static FakeResponse SseCutAt(IEnumerable<string> dataPayloads, int cutAfterBytes, bool reset, bool includeDone = true, bool crlf = false) =>
        SseCutAt(SseBody(dataPayloads, includeDone, crlf), cutAfterBytes, reset ? CutMode.Reset : CutMode.Fin);

    /// <summary>SSE headers, the first <paramref name="cutAfterBytes"/> bytes of <paramref name="rawBody"/>, then <paramref name="mode"/>.</summary>
    public static FakeResponse SseCutAt(byte[] rawBody, int cutAfterBytes, CutMode mode)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        ArgumentOutOfRangeException.ThrowIfNegative(cutAfterBytes);
        return new SseCutResponse((byte[])rawBody.Clone(), cutAfterBytes, mode);
    }

    private static int CheckStatus(int status)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        return status;
    }

    private static void CheckChunking(int? chunkSize, TimeSpan? delay)
    {
        if (chunkSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(chunkSize));
        }

        if (delay is { } pause)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(pause, TimeSpan.Zero, "delayBetweenChunks");
        }
    }
}
