using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Provider;

/// <summary>docs/abi.md#streaming: SSE parsed as it arrives, events, aggregation and failures.</summary>
public sealed class StreamTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public StreamTests() => _client = new TestClient(_server, maxRetries: 1);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static string Chunk(string content, string? finish = null) =>
        $$"""{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(content, Json.LiteLlmJsonContext.Default.String)}}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""";

    private const string Usage = """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3}}""";

    private static readonly string[] Hello = [Chunk("Hel"), Chunk("lo"), Chunk(" wörld"), Chunk("", "stop"), Usage];

    private static string Deltas(List<JsonElement> events) =>
        string.Concat(events.Where(e => e.GetProperty("type").GetString() == "delta").Select(e => e.GetProperty("content").GetString()));

    [Theory]
    [InlineData(null, false)]
    [InlineData(1, false)]
    [InlineData(7, false)]
    [InlineData(null, true)]
    [InlineData(1, true)]
    public void Every_chunking_and_line_ending_gives_the_same_events(int? chunkSize, bool crlf)
    {
        _server.Enqueue(FakeResponse.Sse(Hello, chunkSize: chunkSize, crlf: crlf));
        var (outcome, events) = _client.Stream(Requests.Hello());
        var doc = outcome.AssertOk().Doc;
        Assert.Equal("Hello wörld", Deltas(events));
        Assert.Equal(new[] { "delta", "delta", "delta", "done" }, events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("Hello wörld", doc.GetProperty("content").GetString());
        Assert.Equal(11, doc.GetProperty("input_tokens").GetInt64());
        Assert.Equal(3, doc.GetProperty("output_tokens").GetInt64());
        Assert.Equal("end_turn", doc.GetProperty("stop_reason").GetString());
        Assert.Equal("gpt-4o-mini", doc.GetProperty("model").GetString());
        // The done event carries the same aggregated response as out_json.
        Assert.Equal(doc.GetProperty("content").GetString(), events[^1].GetProperty("response").GetProperty("content").GetString());
    }

    [Fact]
    public void Request_asks_for_stream_and_usage()
    {
        _server.Enqueue(FakeResponse.Sse(Hello));
        _client.Stream(Requests.Hello()).Outcome.AssertOk();
        using var body = _server.Requests.Single().BodyJson();
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.True(body.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public void Comments_event_fields_keepalives_and_missing_done_are_handled()
    {
        string raw = ": keep-alive comment\n\n\nevent: message\nid: 1\ndata: " + Chunk("A") + "\n\n: ping\n\n"
                     + "data: " + Chunk("B", "stop") + "\n\n"; // no [DONE]: the server just closes
        _server.Enqueue(FakeResponse.SseRaw(raw, chunkSize: 3));
        var (outcome, events) = _client.Stream(Requests.Hello());
        Assert.Equal("AB", outcome.AssertOk().Doc.GetProperty("content").GetString());
        Assert.Equal("AB", Deltas(events));
    }

    [Fact]
    public void Events_are_delivered_before_the_stream_ends()
    {
        // Second chunk arrives 1.5 s after the first: the first delta must be seen well before.
        _server.Enqueue(FakeResponse.Sse([Chunk("first"), Chunk("second", "stop")], delayBetweenChunks: TimeSpan.FromMilliseconds(750)));
        var seen = new List<(string Type, long Ms)>();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var output = new LiteLlmNative.Buffers.PooledBuffer();
        var status = LiteLlmNative.Client.LiteLlmApi.GenerateStream(_client.Client, Encoding.UTF8.GetBytes(Requests.Hello()), json =>
        {
            using var d = JsonDocument.Parse(json.ToArray());
            seen.Add((d.RootElement.GetProperty("type").GetString()!, sw.ElapsedMilliseconds));
            return true;
        }, output);
        Assert.Equal(LiteLlmStatus.Ok, status);
        Assert.True(seen[^1].Ms - seen[0].Ms >= 600, $"first delta at {seen[0].Ms} ms, done at {seen[^1].Ms} ms");
    }

    [Fact]
    public void Tool_call_deltas_are_reassembled()
    {
        string[] chunks =
        [
            """{"model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}""",
            """{"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]},"finish_reason":null}]}""",
            """{"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Oslo\"}"}}]},"finish_reason":null}]}""",
            """{"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_2","function":{"name":"now","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""",
        ];
        _server.Enqueue(FakeResponse.Sse(chunks, chunkSize: 5));
        var (outcome, events) = _client.Stream(Requests.Hello());
        var doc = outcome.AssertOk().Doc;
        var calls = doc.GetProperty("tool_calls");
        Assert.Equal(2, calls.GetArrayLength());
        Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
        Assert.Equal("get_weather", calls[0].GetProperty("name").GetString());
        Assert.Equal("Oslo", calls[0].GetProperty("arguments").GetProperty("city").GetString());
        Assert.Equal("now", calls[1].GetProperty("name").GetString());
        Assert.Equal("tool_use", doc.GetProperty("stop_reason").GetString());
        var deltas = events.Where(e => e.GetProperty("type").GetString() == "tool_call_delta").ToList();
        Assert.Equal(4, deltas.Count);
        Assert.Equal("{\"ci", deltas[1].GetProperty("arguments").GetString());
        Assert.Equal(JsonValueKind.Null, deltas[1].GetProperty("id").ValueKind);
    }

    [Fact]
    public void Callback_stop_cancels_at_once_and_closes_the_connection()
    {
        var many = Enumerable.Range(0, 50).Select(i => Chunk($"t{i} ")).Append(Chunk("", "stop"));
        _server.Enqueue(FakeResponse.Sse(many, delayBetweenChunks: TimeSpan.FromMilliseconds(20)));
        var (outcome, events) = _client.Stream(Requests.Hello(), stopAfter: 2);
        var e = outcome.AssertStatus(LiteLlmStatus.Cancelled).Error;
        Assert.Equal(2, events.Count);
        Assert.Equal("t0 t1 ", e.GetProperty("partial_content").GetString());
        // A new call needs a new connection: the stopped one was closed, not drained and reused.
        _server.Enqueue(FakeResponse.Completion("next"));
        _client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(2, _server.ConnectionsAccepted);
        Assert.Single(_server.Requests.Take(1)); // the stopped call was not retried
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public void Cut_stream_is_network_with_partial_content_and_not_retried()
    {
        _server.Enqueue(FakeResponse.Sse([Chunk("par"), Chunk("tial")], includeDone: false), FakeResponse.Sse(Hello));
        var (outcome, events) = _client.Stream(Requests.Hello());
        var e = outcome.AssertStatus(LiteLlmStatus.Network).Error;
        Assert.Equal("partial", e.GetProperty("partial_content").GetString());
        Assert.Single(_server.Requests);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void Failure_before_the_first_event_is_retried()
    {
        _server.Enqueue(FakeResponse.ResetBeforeHeaders(), FakeResponse.Sse(Hello));
        var (outcome, _) = _client.Stream(Requests.Hello());
        Assert.Equal(2, outcome.AssertOk().Doc.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void In_band_error_with_a_status_is_http_status()
    {
        _server.Enqueue(FakeResponse.Sse([Chunk("a"), """{"error":{"message":"rate limited upstream","type":"rate_limit_error","code":"429"}}"""]));
        var (outcome, _) = _client.Stream(Requests.Hello());
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(429, e.GetProperty("status").GetInt32());
        Assert.Contains("rate limited upstream", e.GetProperty("message").GetString());
        Assert.Equal("a", e.GetProperty("partial_content").GetString());
    }

    [Fact]
    public void In_band_error_without_a_status_is_bad_response()
    {
        _server.Enqueue(FakeResponse.Sse(["""{"error":{"message":"model crashed"}}"""]));
        _client.Stream(Requests.Hello()).Outcome.AssertStatus(LiteLlmStatus.BadResponse);
    }

    [Fact]
    public void Non_json_event_is_bad_response()
    {
        _server.Enqueue(FakeResponse.Sse(["not json"]));
        _client.Stream(Requests.Hello()).Outcome.AssertStatus(LiteLlmStatus.BadResponse);
    }

    [Fact]
    public void Http_error_before_the_stream_is_http_status()
    {
        _server.Enqueue(FakeResponse.Error(401, "no key"));
        var (outcome, events) = _client.Stream(Requests.Hello());
        outcome.AssertStatus(LiteLlmStatus.HttpStatus);
        Assert.Empty(events);
    }

    [Fact]
    public void Server_ignoring_stream_and_answering_json_still_delivers_the_answer()
    {
        _server.Enqueue(FakeResponse.Completion("whole answer"));
        var (outcome, events) = _client.Stream(Requests.Hello());
        Assert.Equal("whole answer", outcome.AssertOk().Doc.GetProperty("content").GetString());
        Assert.Equal("whole answer", Deltas(events));
        Assert.Equal("done", events[^1].GetProperty("type").GetString());
    }

    [Fact]
    public void Stream_answered_with_plain_text_is_bad_response()
    {
        _server.Enqueue(FakeResponse.Text(200, "this is not json"));
        var (outcome, events) = _client.Stream(Requests.Hello());
        Assert.Contains("text/plain", outcome.AssertStatus(LiteLlmStatus.BadResponse).ErrorMessage);
        Assert.Empty(events);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Mock_response_streams_one_delta_and_done()
    {
        var (outcome, events) = _client.Stream(Requests.Hello(extra: ""","mock_response":"canned" """));
        Assert.Equal("canned", outcome.AssertOk().Doc.GetProperty("content").GetString());
        Assert.Equal(new[] { "delta", "done" }, events.Select(e => e.GetProperty("type").GetString()));
        Assert.Empty(_server.Requests);
    }
}
