using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Provider;

/// <summary>docs/documents.md#generate-request: what goes on the wire and how the answer is mapped.</summary>
public sealed class GenerateMappingTests : System.IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public GenerateMappingTests() => _client = new TestClient(_server);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private JsonElement SentBody(int index = 0) => _server.Requests[index].BodyJson().RootElement;

    [Theory]
    [InlineData("litellm:gpt-4o", "gpt-4o")]
    [InlineData("litellm_proxy/gpt-4o", "gpt-4o")]
    [InlineData("openai/gpt-4o", "openai/gpt-4o")]
    [InlineData("gpt-4o", "gpt-4o")]
    public void Routing_prefix_is_stripped_before_sending(string given, string sent)
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Requests.Hello(given)).AssertOk();
        Assert.Equal(sent, SentBody().GetProperty("model").GetString());
    }

    [Fact]
    public void Request_goes_to_v1_chat_completions_as_json_post()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Requests.Hello()).AssertOk();
        var r = _server.Requests.Single();
        Assert.Equal("POST", r.Method);
        Assert.Equal("/v1/chat/completions", r.Path);
        Assert.StartsWith("application/json", r.Headers["Content-Type"]);
    }

    [Fact]
    public void Base_url_ending_in_v1_is_not_doubled()
    {
        using var client = new TestClient(_server, baseUrl: _server.BaseUrl + "/v1/");
        _server.Enqueue(FakeResponse.Completion("ok"));
        client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal("/v1/chat/completions", _server.Requests.Single().Path);
    }

    [Fact]
    public void System_goes_first_then_all_four_roles_in_order()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate("""
            {"model":"m","system":"Be terse.","messages":[
              {"role":"system","content":"extra system"},
              {"role":"user","content":"weather?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","name":"get_weather","arguments":{"city":"Oslo"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"{\"temp\":3}"}]}
            """).AssertOk();
        var messages = SentBody().GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(new[] { "system", "system", "user", "assistant", "tool" }, messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Be terse.", messages[0].GetProperty("content").GetString());
        var call = messages[3].GetProperty("tool_calls")[0];
        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        // OpenAI wants arguments as a JSON string.
        Assert.Equal(JsonValueKind.String, call.GetProperty("function").GetProperty("arguments").ValueKind);
        Assert.Equal("""{"city":"Oslo"}""", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("call_1", messages[4].GetProperty("tool_call_id").GetString());
    }

    [Fact]
    public void Tools_and_named_tool_choice_take_openai_form()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Requests.Hello(extra: """
            ,"tools":[{"name":"get_weather","description":"Weather by city","parameters":{"type":"object"}}],
             "tool_choice":{"name":"get_weather"}
            """)).AssertOk();
        var body = SentBody();
        var tool = body.GetProperty("tools")[0];
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("get_weather", tool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Weather by city", tool.GetProperty("function").GetProperty("description").GetString());
        Assert.Equal("object", tool.GetProperty("function").GetProperty("parameters").GetProperty("type").GetString());
        Assert.Equal("""{"type":"function","function":{"name":"get_weather"}}""", body.GetProperty("tool_choice").GetRawText());
    }

    [Fact]
    public void String_tool_choice_and_sampling_fields_pass_through()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Requests.Hello(extra: """
            ,"tools":[{"name":"f"}],"tool_choice":"required","max_tokens":256,"temperature":0.2,"top_p":0.9,
             "stop":["\n\n"],"seed":7,"user":"u-42","metadata":{"tags":["batch"]},"response_format":{"type":"json_object"}
            """)).AssertOk();
        var body = SentBody();
        Assert.Equal("required", body.GetProperty("tool_choice").GetString());
        Assert.Equal(256, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble());
        Assert.Equal("\n\n", body.GetProperty("stop")[0].GetString());
        Assert.Equal(7, body.GetProperty("seed").GetInt64());
        Assert.Equal("u-42", body.GetProperty("user").GetString());
        Assert.Equal("batch", body.GetProperty("metadata").GetProperty("tags")[0].GetString());
        Assert.Equal("json_object", body.GetProperty("response_format").GetProperty("type").GetString());
        Assert.False(body.TryGetProperty("stream", out _));
    }

    [Fact]
    public void Extra_body_is_merged_last_and_overrides()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Requests.Hello(extra: ""","temperature":0.2,"extra_body":{"temperature":0.9,"any_provider_field":true}""")).AssertOk();
        var body = SentBody();
        Assert.Equal(0.9, body.GetProperty("temperature").GetDouble());
        Assert.True(body.GetProperty("any_provider_field").GetBoolean());
        // Exactly one temperature key on the wire.
        Assert.Single(body.EnumerateObject(), p => p.Name == "temperature");
    }

    [Fact]
    public void Mock_response_answers_without_a_network_call()
    {
        var outcome = _client.Generate(Requests.Hello("litellm:gpt-4o", ""","mock_response":"canned" """)).AssertOk();
        Assert.Empty(_server.Requests);
        Assert.Equal("canned", outcome.Doc.GetProperty("content").GetString());
        Assert.Equal("gpt-4o", outcome.Doc.GetProperty("model").GetString());
        Assert.Equal("end_turn", outcome.Doc.GetProperty("stop_reason").GetString());
        Assert.Equal(0, outcome.Doc.GetProperty("attempts").GetInt32());
    }

    [Theory]
    [InlineData("stop", "end_turn")]
    [InlineData("tool_calls", "tool_use")]
    [InlineData("length", "max_tokens")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("something_new", "end_turn")]
    [InlineData(null, "end_turn")]
    public void Finish_reason_maps_to_stop_reason_and_is_kept_raw(string? finish, string stop)
    {
        _server.Enqueue(FakeResponse.Completion("x", finish));
        var doc = _client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(stop, doc.GetProperty("stop_reason").GetString());
        if (finish is null) Assert.Equal(JsonValueKind.Null, doc.GetProperty("finish_reason").ValueKind);
        else Assert.Equal(finish, doc.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public void Missing_usage_gives_zero_tokens_and_null_content_gives_empty_string()
    {
        _server.Enqueue(FakeResponse.Completion(null, includeUsage: false));
        var doc = _client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(0, doc.GetProperty("input_tokens").GetInt64());
        Assert.Equal(0, doc.GetProperty("output_tokens").GetInt64());
        Assert.Equal("", doc.GetProperty("content").GetString());
    }

    [Fact]
    public void Usage_content_and_model_are_mapped()
    {
        _server.Enqueue(FakeResponse.Completion("Hi!", promptTokens: 12, completionTokens: 3, model: "gpt-4o-2024-08-06"));
        var doc = _client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal("Hi!", doc.GetProperty("content").GetString());
        Assert.Equal(12, doc.GetProperty("input_tokens").GetInt64());
        Assert.Equal(3, doc.GetProperty("output_tokens").GetInt64());
        Assert.Equal("gpt-4o-2024-08-06", doc.GetProperty("model").GetString());
        Assert.Equal(1, doc.GetProperty("attempts").GetInt32());
        Assert.True(doc.GetProperty("latency_ms").GetDouble() > 0);
        Assert.Equal(0, doc.GetProperty("tool_calls").GetArrayLength());
    }

    [Fact]
    public void Tool_call_arguments_are_parsed_when_json_and_raw_otherwise()
    {
        _server.Enqueue(FakeResponse.ToolCalls(("call_1", "get_weather", """{"city":"Oslo"}"""), ("call_2", "shout", "not json {")));
        var doc = _client.Generate(Requests.Hello()).AssertOk().Doc;
        var calls = doc.GetProperty("tool_calls");
        Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
        Assert.Equal("get_weather", calls[0].GetProperty("name").GetString());
        Assert.Equal("Oslo", calls[0].GetProperty("arguments").GetProperty("city").GetString());
        Assert.Equal("not json {", calls[1].GetProperty("arguments").GetString());
        Assert.Equal("tool_use", doc.GetProperty("stop_reason").GetString());
        Assert.Equal("", doc.GetProperty("content").GetString());
    }

    [Fact]
    public void LiteLlm_headers_fill_cost_ids_and_rate_limit()
    {
        _server.Enqueue(FakeResponse.Completion("ok", headers: new Dictionary<string, string>
        {
            ["x-litellm-response-cost"] = "0.00021",
            ["x-litellm-call-id"] = "call-abc",
            ["x-litellm-model-id"] = "model-123",
            ["x-ratelimit-remaining-requests"] = "99",
            ["x-ratelimit-remaining-tokens"] = "9000",
            ["x-request-id"] = "req_1",
        }));
        var doc = _client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(0.00021, doc.GetProperty("cost_usd").GetDouble());
        Assert.Equal("call-abc", doc.GetProperty("call_id").GetString());
        Assert.Equal("model-123", doc.GetProperty("model_id").GetString());
        Assert.Equal(99, doc.GetProperty("rate_limit").GetProperty("remaining_requests").GetInt64());
        Assert.Equal(9000, doc.GetProperty("rate_limit").GetProperty("remaining_tokens").GetInt64());
        Assert.Equal("req_1", doc.GetProperty("server_request_id").GetString());
    }

    [Fact]
    public void Absent_litellm_headers_give_nulls()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        var doc = _client.Generate(Requests.Hello()).AssertOk().Doc;
        foreach (string field in new[] { "cost_usd", "call_id", "model_id", "rate_limit", "server_request_id" })
        {
            Assert.Equal(JsonValueKind.Null, doc.GetProperty(field).ValueKind);
        }
    }

    [Fact]
    public void Api_key_is_sent_as_bearer_and_empty_key_sends_no_header()
    {
        using (var keyed = new TestClient(_server, apiKey: "sk-test-123"))
        {
            _server.Enqueue(FakeResponse.Completion("ok"));
            keyed.Generate(Requests.Hello()).AssertOk();
        }
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal("Bearer sk-test-123", _server.Requests[0].Headers["Authorization"]);
        Assert.False(_server.Requests[1].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public void Request_headers_merge_over_client_headers()
    {
        using var client = new TestClient(_server, headers: new[]
        {
            new KeyValuePair<string, string>("x-litellm-tags", "client"),
            new KeyValuePair<string, string>("x-team", "core"),
        });
        _server.Enqueue(FakeResponse.Completion("ok"));
        client.Generate(Requests.Hello(extra: ""","headers":{"x-litellm-tags":"batch,nightly"}""")).AssertOk();
        var headers = _server.Requests.Single().Headers;
        Assert.Equal("batch,nightly", headers["x-litellm-tags"]);
        Assert.Equal("core", headers["x-team"]);
    }

    [Fact]
    public void Header_value_with_crlf_is_rejected_before_sending()
    {
        var outcome = _client.Generate(Requests.Hello(extra: ""","headers":{"x-evil":"a\r\nInjected: yes"}"""))
            .AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains("""$.headers["x-evil"]""", outcome.ErrorMessage);
        Assert.Contains("CR", outcome.ErrorMessage);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Connections_are_kept_alive_and_reused()
    {
        for (int i = 0; i < 5; i++)
        {
            _server.Enqueue(FakeResponse.Completion("ok"));
            _client.Generate(Requests.Hello()).AssertOk();
        }
        Assert.Equal(1, _server.ConnectionsAccepted);
    }

    [Fact]
    public void Content_parts_array_is_sent_and_read()
    {
        _server.Enqueue(FakeResponse.Json(200, """
            {"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},"finish_reason":"stop"}]}
            """));
        var doc = _client.Generate("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""").AssertOk().Doc;
        Assert.Equal("ab", doc.GetProperty("content").GetString());
        Assert.Equal("hi", SentBody().GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }
}
