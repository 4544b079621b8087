using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Provider;

/// <summary>
/// docs/documents.md#stream-events: streams as real servers send them, not only as OpenAI's
/// reference does: tool-call fragments without an index, numbered from 1, named late, repeated
/// ids; reasoning deltas and thinking blocks; usage of every shape; and the streams that are no
/// answer at all.
/// </summary>
public sealed class StreamAssemblyTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public StreamAssemblyTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static string Chunk(string delta, string? finish = null, string extra = "") =>
        $$"""{"id":"c1","model":"m","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]{{extra}}}""";

    private (JsonElement Doc, List<JsonElement> Events) Stream(params string[] payloads)
    {
        _server.Enqueue(FakeResponse.Sse(payloads));
        var (outcome, events) = _client.Stream(Requests.Hello());
        return (outcome.AssertOk().Doc, events);
    }

    private static List<string> Calls(JsonElement doc) =>
        doc.GetProperty("tool_calls").EnumerateArray().Select(c => $"{c.GetProperty("id").GetString()}:{c.GetProperty("name").GetString()}:{c.GetProperty("arguments").GetRawText()}").ToList();

    private static List<string> ToolEvents(List<JsonElement> events) =>
        events.Where(e => e.GetProperty("type").GetString() == "tool_call_delta")
            .Select(e => $"{e.GetProperty("index").GetInt32()}|{e.GetProperty("id")}|{e.GetProperty("name")}|{e.GetProperty("arguments").GetString()}").ToList();

    [Fact]
    public void Fragments_without_an_index_continue_the_call_before_them_until_a_new_id_comes()
    {
        var (doc, events) = Stream(
            Chunk("""{"tool_calls":[{"id":"a","function":{"name":"f","arguments":"{\"x\":"}}]}"""),
            Chunk("""{"tool_calls":[{"function":{"arguments":"1}"}}]}"""),
            Chunk("""{"tool_calls":[{"id":"b","function":{"name":"g","arguments":"{}"}}]}"""),
            Chunk("{}", "tool_calls"));
        Assert.Equal(new[] { "a:f:{\"x\":1}", "b:g:{}" }, Calls(doc));
        Assert.Equal(new[] { "0|a|f|{\"x\":", "0|||1}", "1|b|g|{}" }, ToolEvents(events));
    }

    [Fact]
    public void Indices_starting_at_1_are_numbered_from_0_in_events_and_kept_in_order()
    {
        var (doc, events) = Stream(
            Chunk("""{"tool_calls":[{"index":1,"id":"a","type":"function","function":{"name":"f","arguments":""}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]}"""),
            Chunk("""{"tool_calls":[{"index":2,"id":"b","type":"function","function":{"name":"g","arguments":"[]"}}]}"""),
            Chunk("{}", "tool_calls"));
        Assert.Equal(new[] { "a:f:{}", "b:g:[]" }, Calls(doc));
        Assert.Equal(new[] { 0, 0, 1 }, events.Where(e => e.GetProperty("type").GetString() == "tool_call_delta").Select(e => e.GetProperty("index").GetInt32()));
    }

    [Fact]
    public void A_name_sent_after_the_first_arguments_is_kept_and_reported_when_it_comes()
    {
        var (doc, events) = Stream(
            Chunk("""{"tool_calls":[{"index":0,"id":"a","function":{"arguments":"{\"q\":"}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"name":"search","arguments":"\"x\"}"}}]}"""),
            Chunk("{}", "tool_calls"));
        Assert.Equal(new[] { "a:search:{\"q\":\"x\"}" }, Calls(doc));
        Assert.Equal(new[] { "0|a||{\"q\":", "0||search|\"x\"}" }, ToolEvents(events));
    }

    [Fact]
    public void An_id_and_name_repeated_in_every_fragment_are_not_news_after_the_first()
    {
        var (doc, events) = Stream(
            Chunk("""{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{\"x\""}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":":2}"}}]}"""),
            Chunk("{}", "tool_calls"));
        Assert.Equal(new[] { "a:f:{\"x\":2}" }, Calls(doc));
        Assert.Equal(new[] { "0|a|f|{\"x\"", "0|||:2}" }, ToolEvents(events));
    }

    [Fact]
    public void A_tool_call_s_other_members_reach_the_message_merged_and_its_numbering_does_not()
    {
        var (doc, _) = Stream(
            Chunk("""{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":"{}"},"extra_content":{"google":{"thought_signature":"sig"}}}]}"""),
            Chunk("{}", "tool_calls"));
        var call = doc.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("""{"id":"a","type":"function","function":{"name":"f","arguments":"{}"},"extra_content":{"google":{"thought_signature":"sig"}}}""", call.GetRawText());
    }

    [Fact]
    public void Reasoning_deltas_come_before_the_text_and_add_up_in_the_response_and_its_message()
    {
        var (doc, events) = Stream(
            Chunk("""{"role":"assistant","reasoning_content":"Think","content":""}"""),
            Chunk("""{"reasoning_content":"ing.","content":"An"}"""),
            Chunk("""{"content":"swer"}""", "stop"));
        Assert.Equal(new[] { "reasoning_delta:Think", "reasoning_delta:ing.", "delta:An", "delta:swer", "done:" },
            events.Select(e => e.GetProperty("type").GetString() + ":" + (e.TryGetProperty("content", out var c) ? c.GetString() : "")));
        Assert.Equal("Thinking.", doc.GetProperty("reasoning_content").GetString());
        Assert.Equal("""{"role":"assistant","content":"Answer","reasoning_content":"Thinking."}""", doc.GetProperty("message").GetRawText());
    }

    [Fact]
    public void A_chunk_with_both_reasoning_names_says_its_reasoning_once()
    {
        var (doc, events) = Stream(Chunk("""{"reasoning_content":"r","reasoning":"r"}"""), Chunk("""{"content":"a"}""", "stop"));
        Assert.Single(events, e => e.GetProperty("type").GetString() == "reasoning_delta");
        Assert.Equal("r", doc.GetProperty("reasoning_content").GetString());
    }

    [Fact]
    public void Thinking_block_pieces_close_at_their_signature_and_a_redacted_block_stands_alone()
    {
        var (doc, _) = Stream(
            Chunk("""{"thinking_blocks":[{"type":"thinking","thinking":"a"}]}"""),
            Chunk("""{"thinking_blocks":[{"type":"thinking","thinking":"b","signature":null}]}"""),
            Chunk("""{"thinking_blocks":[{"type":"thinking","thinking":"","signature":"S1"}]}"""),
            Chunk("""{"thinking_blocks":[{"type":"redacted_thinking","data":"R"}]}"""),
            Chunk("""{"thinking_blocks":[{"type":"thinking","thinking":"c","signature":"S2"}]}"""),
            Chunk("""{"content":"x"}""", "stop"));
        const string blocks = """[{"type":"thinking","thinking":"ab","signature":"S1"},{"type":"redacted_thinking","data":"R"},{"type":"thinking","thinking":"c","signature":"S2"}]""";
        Assert.Equal(blocks, doc.GetProperty("thinking_blocks").GetRawText());
        Assert.Equal(blocks, doc.GetProperty("message").GetProperty("thinking_blocks").GetRawText());
    }

    [Fact]
    public void Other_delta_members_are_merged_into_the_message_the_way_the_sdks_add_deltas()
    {
        var (doc, _) = Stream(
            Chunk("""{"role":"assistant","content":"","refusal":null,"provider_specific_fields":{"a":1},"reasoning_details":[{"type":"reasoning.text","text":"x","format":"f","index":0}]}"""),
            Chunk("""{"refusal":"No","provider_specific_fields":{"b":2},"reasoning_details":[{"type":"reasoning.text","text":"y","format":"f","index":0}],"annotations":[{"n":1}]}"""),
            Chunk("""{"refusal":".","annotations":[{"n":2}]}""", "stop"));
        Assert.Equal("""{"role":"assistant","content":"","refusal":"No.","provider_specific_fields":{"a":1,"b":2},"reasoning_details":[{"type":"reasoning.text","text":"xy","format":"f","index":0}],"annotations":[{"n":1},{"n":2}]}""",
            doc.GetProperty("message").GetRawText());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""null""")]
    [InlineData("""{"prompt_tokens":null,"completion_tokens_details":null,"cost":"free"}""")]
    public void An_empty_or_null_usage_and_an_unknown_finish_reason_are_fine(string usage)
    {
        var (doc, _) = Stream(Chunk("""{"content":"hi"}""", "eos"), $$"""{"choices":[],"usage":{{usage}}}""");
        Assert.Equal("hi", doc.GetProperty("content").GetString());
        Assert.Equal("eos", doc.GetProperty("finish_reason").GetString());
        Assert.Equal("end_turn", doc.GetProperty("stop_reason").GetString());
        Assert.Equal(0, doc.GetProperty("input_tokens").GetInt64());
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("cost_usd").ValueKind);
    }

    [Fact]
    public void Usage_and_cost_come_from_the_last_chunk_that_says_them()
    {
        var (doc, _) = Stream(
            Chunk("""{"content":"a"}""", extra: ""","usage":{"prompt_tokens":5,"completion_tokens":1}"""),
            Chunk("""{"content":"b"}""", "stop", ""","usage":{"prompt_tokens":5,"completion_tokens":2}"""),
            """{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"cost":0.0125,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":1},"cache_creation_input_tokens":3}}""");
        Assert.Equal(5, doc.GetProperty("input_tokens").GetInt64());
        Assert.Equal(2, doc.GetProperty("output_tokens").GetInt64());
        Assert.Equal(0.0125, doc.GetProperty("cost_usd").GetDouble());
        Assert.Equal(4, doc.GetProperty("cached_tokens").GetInt64());
        Assert.Equal(1, doc.GetProperty("reasoning_tokens").GetInt64());
        Assert.Equal(3, doc.GetProperty("cache_creation_tokens").GetInt64());
    }

    [Fact]
    public void The_cost_header_wins_over_usage_cost()
    {
        _server.Enqueue(FakeResponse.Sse([Chunk("""{"content":"a"}""", "stop"), """{"choices":[],"usage":{"cost":0.5}}"""],
            headers: new Dictionary<string, string> { ["x-litellm-response-cost"] = "0.25" }));
        Assert.Equal(0.25, _client.Stream(Requests.Hello()).Outcome.AssertOk().Doc.GetProperty("cost_usd").GetDouble());
    }

    [Fact]
    public void The_id_is_the_first_non_empty_one()
    {
        var (doc, _) = Stream("""{"id":"","choices":[]}""", Chunk("""{"content":"a"}""", "stop"));
        Assert.Equal("c1", doc.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(": keep-alive\n\n")]
    [InlineData("data: [DONE]\n\n")]
    public void A_2xx_stream_with_no_chunk_is_bad_response_never_an_empty_success(string body)
    {
        _server.Enqueue(FakeResponse.SseRaw(body));
        var (outcome, events) = _client.Stream(Requests.Hello());
        Assert.Contains("before any chunk", outcome.AssertStatus(LiteLlmStatus.BadResponse).ErrorMessage);
        Assert.Empty(events);
    }

    [Fact]
    public void A_bad_escape_in_a_member_that_is_merged_is_bad_response()
    {
        _server.Enqueue(FakeResponse.Sse([Chunk("""{"content":"a","provider_specific_fields":{"x":"\ud800"}}""", "stop")]));
        Assert.Contains("lone UTF-16 surrogate", _client.Stream(Requests.Hello()).Outcome.AssertStatus(LiteLlmStatus.BadResponse).ErrorMessage);
    }

    [Fact]
    public void An_answer_sent_whole_to_a_stream_request_gives_its_reasoning_as_one_reasoning_delta()
    {
        _server.Enqueue(FakeResponse.Json(200, """{"id":"w","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"a","reasoning":"r"},"finish_reason":"stop"}]}"""));
        var (outcome, events) = _client.Stream(Requests.Hello());
        Assert.Equal(new[] { "reasoning_delta", "delta", "done" }, events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("r", outcome.AssertOk().Doc.GetProperty("reasoning_content").GetString());
    }

    [Fact]
    public void A_secret_split_across_reasoning_deltas_never_reaches_an_event()
    {
        const string key = "sk-reasoning-secret-12345";
        using var client = new TestClient(_server, apiKey: key, maxRetries: 0);
        _server.Enqueue(FakeResponse.Sse([Chunk("""{"reasoning_content":"the key is sk-reason"}"""), Chunk("""{"reasoning_content":"ing-secret-12345 ok"}"""), Chunk("""{"content":"a"}""", "stop")]));
        var (outcome, events) = client.Stream(Requests.Hello());
        Assert.DoesNotContain(key, outcome.AssertOk().Json);
        Assert.All(events, e => Assert.DoesNotContain(key, e.GetRawText()));
        Assert.DoesNotContain("sk-reason", string.Concat(events.Where(e => e.GetProperty("type").GetString() == "reasoning_delta").Select(e => e.GetProperty("content").GetString())));
    }
}
