using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlmNative.Client;
using LiteLlmNative.Observability;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Observability;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Redaction;

/// <summary>
/// Issue 10, items 1-3: a hostile server echoes every secret the client holds (the API key, a
/// secret header, a proxy password is covered by the redactor's own tests) in every position
/// it has (headers the documents copy, the model, the content, error bodies, a stream's text)
/// and in every encoding it plausibly uses (any case, percent-encoded, base64 alone or as
/// "Bearer key", JSON escapes). No form of any secret may reach any output: documents,
/// stream events, log events at level 0.
/// </summary>
[Collection(LogCollection.Name)]
public sealed class SecretEchoTests : IDisposable
{
    private const string Key = "sk-Echo+Secret/Key=42xyz";
    private const string HeaderSecret = "xak-Header-Secret-9f8e7d";

    private readonly FakeOpenAiServer _server = new();
    private readonly List<string> _logged = new();
    private readonly ITestOutputHelper _out;

    public SecretEchoTests(ITestOutputHelper output)
    {
        _out = output;
        Log.Configure(new Sink(_logged), Log.Debug);
    }

    public void Dispose()
    {
        Log.Configure(null, 0);
        _server.Dispose();
    }

    private sealed class Sink(List<string> into) : LogSink
    {
        public override void Write(int level, ReadOnlySpan<byte> eventJson)
        {
            lock (into) into.Add(Encoding.UTF8.GetString(eventJson));
        }
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
    private static string JsonEscapedEveryChar(string s) => string.Concat(s.Select(c => $"\\u{(int)c:x4}"));

    /// <summary>Every form of every secret a server might send back.</summary>
    private static IEnumerable<string> Echoes()
    {
        foreach (string secret in new[] { Key, HeaderSecret })
        {
            yield return secret;
            yield return secret.ToUpperInvariant();
            yield return Uri.EscapeDataString(secret);
            yield return Uri.EscapeDataString(secret).ToLowerInvariant();
            yield return B64(secret);
            yield return B64("Bearer " + secret);
            yield return B64(secret).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
    }

    /// <summary>What must never be seen: the secrets in any case, and their encoded forms.</summary>
    private static readonly string[] Forbidden = new[] { Key, HeaderSecret }
        .SelectMany(s => new[] { s, Uri.EscapeDataString(s), B64(s), B64(s).TrimEnd('='), B64("Bearer " + s).TrimEnd('='), s[..12] })
        .Distinct().ToArray();

    private static void AssertClean(string label, string output)
    {
        foreach (string text in TextsOf(output))
        {
            foreach (string form in Forbidden)
            {
                Assert.False(text.Contains(form, StringComparison.OrdinalIgnoreCase), $"{label}: '{form}' in {Contract.Cut(text, 300)}");
            }
        }
    }

    /// <summary>The raw text and, when it is JSON, every decoded string in it (and JSON inside those).</summary>
    private static IEnumerable<string> TextsOf(string output)
    {
        yield return output;
        JsonDocument? doc = null;
        try { doc = JsonDocument.Parse(output); } catch (JsonException) { }
        if (doc is null) yield break;
        using (doc)
        {
            foreach (string s in Strings(doc.RootElement).ToList())
            {
                yield return s;
                if (s.Contains('\\') || s.StartsWith('{'))
                {
                    foreach (string inner in TextsOf(s)) yield return inner;
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: yield return e.GetString()!; break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    yield return p.Name;
                    foreach (var s in Strings(p.Value)) yield return s;
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) foreach (var s in Strings(item)) yield return s;
                break;
        }
    }

    private TestClient NewClient() => new(_server, apiKey: Key, maxRetries: 0,
        headers: new[] { new KeyValuePair<string, string>("x-api-key", HeaderSecret) });

    private static Dictionary<string, string> EchoHeaders() => new()
    {
        ["x-request-id"] = Key,
        ["x-litellm-call-id"] = Uri.EscapeDataString(Key),
        ["x-litellm-model-id"] = B64(HeaderSecret),
        ["x-litellm-response-cost"] = "0.1",
    };

    private static string EchoContent() =>
        "echo: " + string.Join(" | ", Echoes()) + " | json-escaped: " + JsonEscapedEveryChar(Key) + " | " + Key.Replace("/", "\\/");

    [Fact]
    public void Generate_keeps_every_echoed_secret_out_of_the_response_and_the_log()
    {
        using var client = NewClient();
        string body = Completion(Key.ToUpperInvariant(), EchoContent());
        _server.Enqueue(FakeResponse.Json(200, body, EchoHeaders()));
        var outcome = client.Generate(Requests.Hello(extra: ""","request_id":"echo-1" """)).AssertOk();
        _out.WriteLine(Contract.Cut(outcome.Json, 600));
        AssertClean("response", outcome.Json);
        AssertLogClean();
    }

    [Fact]
    public void Errors_keep_every_echoed_secret_out_of_message_body_and_fields()
    {
        using var client = NewClient();
        string raw = "{\"error\":{\"message\":\"bad key Bearer " + Key + " / " + B64("Bearer " + Key) + "\",\"type\":\"" + Uri.EscapeDataString(Key)
            + "\",\"code\":\"401\"},\"echo\":\"" + JsonEscapedEveryChar(HeaderSecret) + " " + Key.Replace("/", "\\/") + "\"}";
        _server.Enqueue(FakeResponse.Json(401, raw, EchoHeaders()));
        var outcome = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus);
        _out.WriteLine(Contract.Cut(outcome.Json, 600));
        AssertClean("error document", outcome.Json);
        AssertLogClean();
    }

    [Fact]
    public void A_stream_keeps_every_echoed_secret_out_of_its_events_and_its_response()
    {
        using var client = NewClient();
        string Chunk(string text, string? finish = null) => new JsonObject
        {
            ["id"] = "c1", ["object"] = "chat.completion.chunk", ["model"] = Key,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = text }, ["finish_reason"] = finish }),
        }.ToJsonString(StreamJsonOptions);
        _server.Enqueue(FakeResponse.Sse(new[] { Chunk("first "), Chunk(EchoContent()), Chunk("", "stop") }, headers: EchoHeaders()));
        var (outcome, events) = client.Stream(Requests.Hello());
        outcome.AssertOk();
        AssertClean("stream response", outcome.Json);
        foreach (var e in events) AssertClean("stream event", e.GetRawText());
        AssertLogClean();
    }

    /// <summary>
    /// A text longer than 4 KiB is checked where it lies in the document, 16 KiB at a time,
    /// not decoded into a string: the echoes here fall at shifting offsets of those windows,
    /// some straddling one, with escapes (newlines, "\/", \uXXXX) before and inside them.
    /// </summary>
    private static string LargeEchoContent()
    {
        var text = new StringBuilder();
        for (int k = 0; k < 20; k++)
        {
            text.Append('x', 16_384 - 37 * k).Append("\nline é\n").Append(EchoContent());
        }
        return text.ToString();
    }

    [Fact]
    public void A_large_answer_keeps_every_echoed_secret_out_at_every_window_edge()
    {
        using var client = NewClient();
        _server.Enqueue(FakeResponse.Json(200, Completion("m", LargeEchoContent()), EchoHeaders()));
        var outcome = client.Generate(Requests.Hello()).AssertOk();
        Assert.True(outcome.Json.Length > 300_000, "the answer is whole");
        AssertClean("large response", outcome.Json);
    }

    [Fact]
    public void A_large_stream_keeps_every_echoed_secret_out_of_its_done_event_and_response()
    {
        using var client = NewClient();
        string content = LargeEchoContent();
        // A server that answers a stream request with one JSON completion: one large delta event.
        _server.Enqueue(FakeResponse.Json(200, Completion("m", content), EchoHeaders()));
        var (whole, wholeEvents) = client.Stream(Requests.Hello());
        whole.AssertOk();
        AssertClean("large JSON-answered stream response", whole.Json);
        foreach (var e in wholeEvents) AssertClean("large JSON-answered stream event", e.GetRawText());

        string Chunk(string text, string? finish = null) => new JsonObject
        {
            ["id"] = "c1", ["object"] = "chat.completion.chunk", ["model"] = "m",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = text }, ["finish_reason"] = finish }),
        }.ToJsonString(StreamJsonOptions);
        // Deltas cut at arbitrary places: the secrets are whole only in the aggregate.
        var chunks = new List<string>();
        for (int at = 0; at < content.Length; at += 5000) chunks.Add(Chunk(content.Substring(at, Math.Min(5000, content.Length - at))));
        chunks.Add(Chunk("", "stop"));
        _server.Enqueue(FakeResponse.Sse(chunks, headers: EchoHeaders()));
        var (streamed, events) = client.Stream(Requests.Hello());
        streamed.AssertOk();
        AssertClean("large SSE stream response", streamed.Json);
        AssertClean("large SSE done event", events[^1].GetRawText());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void A_secret_split_across_stream_events_is_kept_out_of_their_concatenation(int pieceLength)
    {
        using var client = NewClient();
        string content = "echo: " + string.Join(" | ", Echoes()) + " | end";
        string arguments = "{\"token\":\"" + Key.Replace("/", "\\/") + "\",\"b64\":\"" + B64(HeaderSecret) + "\"}";
        var chunks = new List<string>();
        for (int at = 0; at < content.Length; at += pieceLength)
        {
            chunks.Add(new JsonObject
            {
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = content.Substring(at, Math.Min(pieceLength, content.Length - at)) } }),
            }.ToJsonString(StreamJsonOptions));
        }
        for (int at = 0; at < arguments.Length; at += pieceLength)
        {
            var call = new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = arguments.Substring(at, Math.Min(pieceLength, arguments.Length - at)) } };
            if (at == 0) { call["id"] = "call_1"; ((JsonObject)call["function"]!)["name"] = "f"; }
            chunks.Add(new JsonObject
            {
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["tool_calls"] = new JsonArray(call) } }),
            }.ToJsonString(StreamJsonOptions));
        }
        chunks.Add("""{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
        _server.Enqueue(FakeResponse.Sse(chunks));
        var (outcome, events) = client.Stream(Requests.Hello());
        outcome.AssertOk();
        string text = string.Concat(events.Where(e => e.GetProperty("type").GetString() == "delta").Select(e => e.GetProperty("content").GetString()));
        string args = string.Concat(events.Where(e => e.GetProperty("type").GetString() == "tool_call_delta").Select(e => e.GetProperty("arguments").GetString()));
        AssertClean("the deltas' text, concatenated", text);
        AssertClean("the tool call's arguments, concatenated", args);
        // Nothing lost: what the events carry adds up to the (redacted) response. (The events may
        // mask a base64 form without its "=" padding, met before the padding arrived; the whole
        // text masks it with its padding.)
        static string Unpadded(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\[REDACTED\]=+", "[REDACTED]");
        var response = outcome.Doc;
        Assert.Equal(Unpadded(response.GetProperty("content").GetString()!), Unpadded(text));
        Assert.EndsWith(" | end", text);
        Assert.Equal(1, events.Count(e => e.GetProperty("type").GetString() == "tool_call_delta" && e.GetProperty("id").ValueKind == JsonValueKind.String));
    }

    [Fact]
    public void A_cut_stream_keeps_the_secret_out_of_partial_content()
    {
        using var client = NewClient();
        var body = FakeResponse.SseBody(new[] { """{"choices":[{"index":0,"delta":{"content":"leak """ + Key + """ "}}]}""" }, includeDone: false, crlf: false);
        _server.Enqueue(FakeResponse.SseCutAt(body, body.Length, CutMode.Reset));
        var (outcome, _) = client.Stream(Requests.Hello());
        Assert.NotEqual(LiteLlmStatus.Ok, outcome.Status);
        AssertClean("partial content", outcome.Json);
    }

    [Fact]
    public void A_non_stream_answer_to_a_stream_request_cut_across_the_secret_leaves_no_prefix_of_it()
    {
        using var client = NewClient();
        // The secret straddles the 4 KiB the error document keeps of such a body.
        string text = new string('x', ErrorLimits.BodyBytes - 6) + Key + new string('y', 100);
        _server.Enqueue(FakeResponse.Text(200, text, "text/html"));
        var (outcome, _) = client.Stream(Requests.Hello());
        outcome.AssertStatus(LiteLlmStatus.BadResponse);
        AssertClean("non-SSE body", outcome.Json);
        Assert.DoesNotContain(Key[..6], outcome.Error.GetProperty("body").GetString()!);
    }

    [Fact]
    public void A_run_keeps_an_echoed_secret_out_of_its_result()
    {
        using var client = NewClient();
        _server.Enqueue(FakeResponse.Completion("{\"status\":\"success\",\"output\":{\"leak\":\"" + Key.Replace("/", "\\/") + "\",\"b64\":\"" + B64(Key) + "\"}}"));
        var outcome = client.Run("""{"model":"m","task_prompt":"x"}""").AssertOk();
        AssertClean("run result", outcome.Json);
        AssertLogClean();
    }

    [Fact]
    public void Async_calls_are_scrubbed_the_same_way()
    {
        using var client = NewClient();
        string body = Completion(Key, EchoContent());
        _server.Enqueue(FakeResponse.Json(200, body, EchoHeaders()));
        var outcome = Api.GenerateAsync(client.Client, Requests.Hello()).AssertOk();
        AssertClean("async response", outcome.Json);
    }

    [Fact]
    public void A_secret_given_in_one_request_s_headers_is_scrubbed_from_that_call_s_outputs()
    {
        const string RequestSecret = "req-Secret-55aa77bb";
        using var client = NewClient();
        _server.Enqueue(FakeResponse.Json(200, Completion(RequestSecret, "echo " + RequestSecret.ToUpperInvariant() + " " + B64(RequestSecret)),
            new Dictionary<string, string> { ["x-request-id"] = RequestSecret }));
        string request = Requests.Hello(extra: ",\"request_id\":\"req-h\",\"headers\":{\"x-litellm-api-key\":\"" + RequestSecret + "\"}");
        var outcome = client.Generate(request).AssertOk();
        Assert.DoesNotContain(RequestSecret, outcome.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(B64(RequestSecret), outcome.Json);
        List<string> events;
        lock (_logged) events = _logged.ToList();
        Assert.All(events, e => Assert.DoesNotContain(RequestSecret, e, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_redactor_knows_header_and_proxy_secrets_and_cuts_without_leaving_a_prefix()
    {
        var settings = ClientSettingsFactory.Create(
            new LiteLlmNative.Json.ClientOptionsDocument
            {
                BaseUrl = "http://llm.example:4000", // not loopback, so the proxy applies
                ApiKey = Key,
                Headers = new Dictionary<string, string> { ["Authorization-Extra"] = "Token tok-Secret-123456", ["x-trace"] = "not-a-secret" },
            },
            name => name == "http_proxy" ? "http://proxy-user:proxy-Pass-987654@proxy.example:3128" : null);
        using var transport = new HttpTransport(settings);
        var r = transport.Redactor;
        Assert.Equal("a [REDACTED] b", r.Redact("a tok-Secret-123456 b"));
        Assert.Equal("a [REDACTED] b", r.Redact("a proxy-Pass-987654 b"));
        Assert.Equal("not-a-secret", r.Redact("not-a-secret"));
        Assert.DoesNotContain("Secret", r.Redact("x \\u0073k-Echo+Secret\\/Key=42xyz y"));
        Assert.Equal("abc [REDACTED]", r.TrimSecretTail("abc " + Key[..7]));
        Assert.Equal("abc sk-", r.TrimSecretTail("abc sk-")); // too short to tell from text
    }

    private static string Completion(string model, string content) => new JsonObject
    {
        ["id"] = "c1", ["object"] = "chat.completion", ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["finish_reason"] = "stop",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content } }),
    }.ToJsonString(StreamJsonOptions);

    private void AssertLogClean()
    {
        List<string> events;
        lock (_logged) events = _logged.ToList();
        Assert.NotEmpty(events);
        foreach (var e in events) AssertClean("log event", e);
    }

    private static readonly JsonSerializerOptions StreamJsonOptions = new() { TypeInfoResolver = LiteLlmNative.Json.LiteLlmJsonContext.Default, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
