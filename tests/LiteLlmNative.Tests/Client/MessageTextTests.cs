using System;
using System.Linq;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Client;

/// <summary>
/// Issue 16, item 6: every error reads as ours — no .NET parser text, a hint for a field the
/// user plainly meant, OpenAI's newer names accepted, a base URL that is already the endpoint
/// used as it is, and an error reported inside a 2xx answer classified like the same error
/// with its status.
/// </summary>
public sealed class MessageTextTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public MessageTextTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    // Words of System.Text.Json's own messages that must never reach a user.
    private static readonly string[] DotNetWords = { "Expected the literal", "reader options", "JSON payload", "LineNumber", "BytePositionInLine", "System.", ".NET", "Path:" };

    private static void AssertOurs(string message)
    {
        foreach (string word in DotNetWords) Assert.DoesNotContain(word, message);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":fals}]}""", "not a JSON value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}""", "ends before every object and array is closed")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":'x'}]}""", "cannot start a JSON value")]
    [InlineData("""{"model":"m" "messages":[]}""", "after a value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a\qb"}]}""", "invalid escape")]
    public void Malformed_requests_are_described_in_our_words(string request, string expected)
    {
        string message = _client.Generate(request).AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage;
        Assert.Contains(expected, message);
        Assert.StartsWith("request_json: malformed JSON at byte ", message);
        AssertOurs(message);
    }

    [Theory]
    [InlineData(""","temprature":1""", "$.temprature: unknown field (did you mean \"temperature\"?)")]
    [InlineData(""","max_token":5""", "$.max_token: unknown field (did you mean \"max_tokens\"?)")]
    [InlineData(",\"Model\":\"m2\"", "$.Model: unknown field (did you mean \"model\"?)")]
    [InlineData(""","zebra":1""", "$.zebra: unknown field")]
    public void An_unknown_field_names_the_one_meant(string extra, string expected)
    {
        string message = _client.Generate(Requests.Hello(extra: extra)).AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage;
        Assert.EndsWith(expected, message);
    }

    [Fact]
    public void A_near_miss_inside_a_message_is_hinted_from_that_object_s_fields()
    {
        string message = _client.Generate("""{"model":"m","messages":[{"rol":"user","content":"x"}]}""")
            .AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage;
        Assert.EndsWith("$.messages[0].rol: unknown field (did you mean \"role\"?)", message);
    }

    [Theory]
    [InlineData(""","stream":true""")]
    [InlineData(""","stream_options":{"include_usage":true}""")]
    public void Stream_fields_say_how_a_call_streams(string extra)
    {
        string message = _client.Generate(Requests.Hello(extra: extra)).AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage;
        Assert.Contains("unknown field (a call streams by how it is made, not by a field: litellm_generate_stream", message);
    }

    [Fact]
    public void Max_completion_tokens_is_accepted_and_sent_by_that_name()
    {
        _client.Generate(Requests.Hello(extra: ""","max_completion_tokens":7""")).AssertOk();
        using var body = _server.Requests.Single().BodyJson();
        Assert.Equal(7, body.RootElement.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.RootElement.TryGetProperty("max_tokens", out _));
    }

    [Fact]
    public void Max_completion_tokens_works_for_a_run_too()
    {
        _server.Enqueue(FakeResponse.Completion("""{"status":"success","output":1}"""));
        _client.Run("""{"model":"m","task_prompt":"x","max_completion_tokens":9}""").AssertOk();
        using var body = _server.Requests.Single().BodyJson();
        Assert.Equal(9, body.RootElement.GetProperty("max_completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData(""","max_tokens":5,"max_completion_tokens":5""", "$.max_completion_tokens: give max_tokens or max_completion_tokens")]
    [InlineData(""","max_completion_tokens":0""", "$.max_completion_tokens: must be at least 1, got 0")]
    public void Max_completion_tokens_is_checked(string extra, string expected)
    {
        string message = _client.Generate(Requests.Hello(extra: extra)).AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage;
        Assert.Contains(expected, message);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/chat/completions/")]
    [InlineData("/chat/completions")]
    public void A_base_url_that_is_already_the_endpoint_is_used_as_it_is(string suffix)
    {
        using var client = new TestClient(_server, baseUrl: _server.BaseUrl.TrimEnd('/') + suffix);
        client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(suffix.TrimEnd('/'), _server.Requests.Single().Path);
    }

    [Fact]
    public void A_2xx_body_that_is_not_json_is_described_in_our_words()
    {
        _server.Enqueue(FakeResponse.Text(200, "this is not json", "application/json"));
        string message = _client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.BadResponse).ErrorMessage;
        Assert.StartsWith("the server's 2xx body is not a chat completion (", message);
        AssertOurs(message);
    }

    [Theory]
    [InlineData("invalid_api_key", "invalid_request_error", 401)]
    [InlineData(null, "authentication_error", 401)]
    [InlineData("rate_limit_exceeded", null, 429)]
    [InlineData("429", null, 429)]
    [InlineData("context_length_exceeded", "invalid_request_error", 400)]
    [InlineData(null, "overloaded_error", 503)]
    public void An_error_inside_a_stream_is_classified_by_its_code_and_type(string? code, string? type, int status)
    {
        static string Json(string? s) => s is null ? "null" : "\"" + s + "\"";
        string error = "{\"error\":{\"message\":\"no good\",\"type\":" + Json(type) + ",\"code\":" + Json(code) + "}}";
        _server.Enqueue(FakeResponse.Sse(new[] { error }));
        var (outcome, _) = _client.Stream(Requests.Hello());
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(status, e.GetProperty("status").GetInt32());
        Assert.Contains("no good", e.GetProperty("message").GetString());
    }

    [Fact]
    public void An_error_inside_a_stream_that_names_no_status_is_a_bad_response()
    {
        _server.Enqueue(FakeResponse.Sse(new[] { """{"error":{"message":"odd","type":"weird_thing"}}""" }));
        var (outcome, _) = _client.Stream(Requests.Hello());
        outcome.AssertStatus(LiteLlmStatus.BadResponse);
    }
}
