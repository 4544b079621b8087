using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Executor;

/// <summary>docs/documents.md#run-request: the executor's parsing, judging and escalation.</summary>
public sealed class RunTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public RunTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static string Run(string models = """["small","big"]""", string extra = "") =>
        $$"""{"models":{{models}},"skill_prompt":"You classify tickets.","task_prompt":"Ticket: invoice wrong"{{extra}}}""";

    private const string NoRepairs = ""","repair_attempts":0""";

    private const string Good = """{"status":"success","output":{"queue":"billing"},"confidence":0.9}""";

    private static List<string> EscalatedModels(JsonElement doc) =>
        doc.GetProperty("escalations").EnumerateArray().Select(e => e.GetProperty("model").GetString()!).ToList();

    [Fact]
    public void First_model_success_has_empty_escalations()
    {
        _server.Enqueue(FakeResponse.Completion(Good, promptTokens: 30, completionTokens: 4));
        var doc = _client.Run(Run()).AssertOk().Doc;
        Assert.Equal("billing", doc.GetProperty("result").GetProperty("output").GetProperty("queue").GetString());
        Assert.Equal("small", doc.GetProperty("model").GetString());
        Assert.Equal(0, doc.GetProperty("escalations").GetArrayLength());
        Assert.Equal(30, doc.GetProperty("input_tokens").GetInt64());
        Assert.Equal(4, doc.GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public void Skill_is_the_system_message_and_task_the_user_message()
    {
        _server.Enqueue(FakeResponse.Completion(Good));
        _client.Run(Run("""["litellm:small"]""")).AssertOk();
        using var body = _server.Requests.Single().BodyJson();
        var messages = body.RootElement.GetProperty("messages");
        Assert.Equal("small", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("You classify tickets.", messages[0].GetProperty("content").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal("Ticket: invoice wrong", messages[1].GetProperty("content").GetString());
        Assert.False(body.RootElement.TryGetProperty("response_format", out _));
    }

    [Fact]
    public void Json_mode_sends_response_format_json_object()
    {
        _server.Enqueue(FakeResponse.Completion(Good));
        _client.Run(Run(extra: ""","json_mode":true""")).AssertOk();
        using var body = _server.Requests.Single().BodyJson();
        Assert.Equal("json_object", body.RootElement.GetProperty("response_format").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("```json\n" + Good + "\n```")]
    [InlineData("```\n" + Good + "\n```")]
    [InlineData("  \n" + Good + "\n ")]
    public void One_code_fence_or_whitespace_is_tolerated(string content)
    {
        _server.Enqueue(FakeResponse.Completion(content));
        _client.Run(Run("""["one"]""")).AssertOk();
    }

    [Fact]
    public void Strict_json_rejects_a_code_fence()
    {
        _server.Enqueue(FakeResponse.Completion("```json\n" + Good + "\n```"));
        var outcome = _client.Run(Run("""["one"]""", ""","strict_json":true""")).AssertStatus(LiteLlmStatus.InvalidResult);
        Assert.Contains("not JSON", outcome.ErrorMessage);
    }

    [Theory]
    [InlineData("Sure! " + Good)]
    [InlineData(Good + " hope that helps")]
    [InlineData("```json\n" + Good + "\n```\n```json\n{}\n```")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public void Text_around_the_object_or_a_non_object_fails(string content)
    {
        _server.Enqueue(FakeResponse.Completion(content));
        _client.Run(Run("""["one"]""")).AssertStatus(LiteLlmStatus.InvalidResult);
    }

    [Fact]
    public void Non_json_content_escalates_to_the_next_model()
    {
        _server.Enqueue(FakeResponse.Completion("I think it's billing."), FakeResponse.Completion(Good));
        var doc = _client.Run(Run(extra: NoRepairs)).AssertOk().Doc;
        Assert.Equal("big", doc.GetProperty("model").GetString());
        var escalation = doc.GetProperty("escalations")[0];
        Assert.Equal("small", escalation.GetProperty("model").GetString());
        Assert.Equal("invalid_result", escalation.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(new[] { "small", "big" }, _server.Requests.Select(r => r.BodyJson().RootElement.GetProperty("model").GetString()));
    }

    [Fact]
    public void Schema_failure_escalates_with_the_json_path_in_the_message()
    {
        _server.Enqueue(
            FakeResponse.Completion("""{"status":"success","output":1,"confidence":1.7}"""),
            FakeResponse.Completion(Good));
        var doc = _client.Run(Run(extra: NoRepairs)).AssertOk().Doc;
        string message = doc.GetProperty("escalations")[0].GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("$.confidence: 1.7 is above the maximum 1", message);
    }

    [Fact]
    public void Status_escalate_moves_to_the_next_model()
    {
        _server.Enqueue(
            FakeResponse.Completion("""{"status":"escalate","summary":"too hard for me"}"""),
            FakeResponse.Completion(Good));
        var doc = _client.Run(Run()).AssertOk().Doc;
        Assert.Equal("big", doc.GetProperty("model").GetString());
        Assert.Contains("too hard for me", doc.GetProperty("escalations")[0].GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Confidence_below_min_confidence_escalates()
    {
        _server.Enqueue(
            FakeResponse.Completion("""{"status":"success","output":"x","confidence":0.4}"""),
            FakeResponse.Completion(Good));
        var doc = _client.Run(Run(extra: ""","min_confidence":0.6""")).AssertOk().Doc;
        Assert.Equal("big", doc.GetProperty("model").GetString());
        Assert.Contains("below min_confidence 0.6", doc.GetProperty("escalations")[0].GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Missing_confidence_with_min_confidence_escalates()
    {
        _server.Enqueue(FakeResponse.Completion("""{"status":"success","output":"x"}"""), FakeResponse.Completion(Good));
        var doc = _client.Run(Run(extra: ""","min_confidence":0.5""")).AssertOk().Doc;
        Assert.Equal(new[] { "small" }, EscalatedModels(doc));
    }

    [Fact]
    public void Http_error_escalates_and_tokens_and_cost_are_summed()
    {
        var cost = new Dictionary<string, string> { ["x-litellm-response-cost"] = "0.25" };
        _server.Enqueue(
            FakeResponse.Error(500, "down"),
            FakeResponse.Completion("not json", promptTokens: 100, completionTokens: 10, headers: cost),
            FakeResponse.Completion(Good, promptTokens: 200, completionTokens: 20, headers: cost));
        var doc = _client.Run(Run("""["a","b","c"]""", NoRepairs)).AssertOk().Doc;
        Assert.Equal("c", doc.GetProperty("model").GetString());
        Assert.Equal(new[] { "a", "b" }, EscalatedModels(doc));
        Assert.Equal("http_status", doc.GetProperty("escalations")[0].GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(300, doc.GetProperty("input_tokens").GetInt64());
        Assert.Equal(30, doc.GetProperty("output_tokens").GetInt64());
        Assert.Equal(0.5, doc.GetProperty("cost_usd").GetDouble(), 10);
    }

    [Fact]
    public void Every_model_failing_returns_the_last_status_with_all_escalations()
    {
        _server.Enqueue(FakeResponse.Completion("nope"), FakeResponse.Error(503, "overloaded"));
        var outcome = _client.Run(Run(extra: ""","request_id":"t-1" """ + NoRepairs)).AssertStatus(LiteLlmStatus.HttpStatus);
        var e = outcome.Error;
        Assert.Equal(503, e.GetProperty("status").GetInt32());
        Assert.Equal("big", e.GetProperty("model").GetString());
        Assert.StartsWith("every model failed; last (big): litellm API error 503: overloaded", e.GetProperty("message").GetString());
        Assert.False(e.GetProperty("ladder_stopped").GetBoolean());
        Assert.Equal("t-1", e.GetProperty("request_id").GetString());
        var escalations = e.GetProperty("escalations");
        Assert.Equal(2, escalations.GetArrayLength());
        Assert.Equal("invalid_result", escalations[0].GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("http_status", escalations[1].GetProperty("error").GetProperty("kind").GetString());
        Assert.False(escalations[0].GetProperty("error").TryGetProperty("escalations", out _));
    }

    [Fact]
    public void Failure_status_is_a_final_answer_not_an_escalation()
    {
        _server.Enqueue(FakeResponse.Completion("""{"status":"failure","summary":"ticket is empty"}"""));
        var doc = _client.Run(Run()).AssertOk().Doc;
        Assert.Equal("failure", doc.GetProperty("result").GetProperty("status").GetString());
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Custom_result_schema_is_enforced()
    {
        string schema = """
            ,"result_schema":{"type":"object","required":["queue"],"properties":{"queue":{"enum":["billing","tech"]}},"additionalProperties":false}
            """;
        _server.Enqueue(FakeResponse.Completion("""{"queue":"sales"}"""), FakeResponse.Completion("""{"queue":"billing"}"""));
        var doc = _client.Run(Run(extra: schema + NoRepairs)).AssertOk().Doc;
        Assert.Equal("billing", doc.GetProperty("result").GetProperty("queue").GetString());
        Assert.Contains("$.queue", doc.GetProperty("escalations")[0].GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Unsupported_schema_keyword_is_invalid_argument_before_any_call()
    {
        var outcome = _client.Run(Run(extra: ""","result_schema":{"type":"object","oneOf":[]}"""))
            .AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains("oneOf", outcome.ErrorMessage);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void A_pattern_invalid_under_the_u_flag_is_invalid_argument_naming_the_field()
    {
        var outcome = _client.Run(Run(extra: ""","result_schema":{"type":"object","properties":{"code":{"type":"string","pattern":"^[a-z]{,3}$"}}}"""))
            .AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains("$.result_schema.properties.code.pattern: invalid regular expression: incomplete quantifier at offset 6", outcome.ErrorMessage);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Single_model_field_stands_in_for_models()
    {
        _server.Enqueue(FakeResponse.Completion(Good));
        var doc = _client.Run("""{"model":"litellm:solo","task_prompt":"t"}""").AssertOk().Doc;
        Assert.Equal("solo", doc.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("""{"task_prompt":"t"}""", "$.models")]
    [InlineData("""{"models":[],"task_prompt":"t"}""", "$.models")]
    [InlineData("""{"model":"a","models":["b"],"task_prompt":"t"}""", "$.model")]
    [InlineData("""{"models":["a"]}""", "$.task_prompt")]
    [InlineData("""{"models":["a",""],"task_prompt":"t"}""", "$.models[1]")]
    [InlineData("""{"models":["a"],"task_prompt":"t","min_confidence":1.5}""", "$.min_confidence")]
    [InlineData("""{"models":["a"],"task_prompt":"t","bogus":1}""", "$.bogus")]
    public void Invalid_run_requests_name_the_field(string request, string path)
    {
        var outcome = _client.Run(request).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.StartsWith($"request_json: {path}", outcome.ErrorMessage);
    }

    [Fact]
    public void Mock_response_runs_without_network()
    {
        var doc = _client.Run(Run(extra: $$""","mock_response":{{JsonSerializer.Serialize(Good, Json.LiteLlmJsonContext.Default.String)}}""")).AssertOk().Doc;
        Assert.Equal("success", doc.GetProperty("result").GetProperty("status").GetString());
        Assert.Empty(_server.Requests);
    }
}
