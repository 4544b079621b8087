using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;
using static LiteLlmNative.Tests.Executor.Ladder.LadderRequests;

namespace LiteLlmNative.Tests.Executor.Ladder;

/// <summary>
/// docs/documents.md#run-result <c>attempts</c>: one entry per request, the run's totals as
/// their sums, the same list in the error document; and <c>max_cost_usd</c>.
/// </summary>
public sealed class AttemptsAndCostTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;
    private readonly ITestOutputHelper _out;

    public AttemptsAndCostTests(ITestOutputHelper output)
    {
        _out = output;
        _client = new TestClient(_server, maxRetries: 0);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static Dictionary<string, string> Cost(string usd) => new() { ["x-litellm-response-cost"] = usd };

    [Fact]
    public void Three_models_one_repaired_one_refusing_json_schema_the_third_succeeding()
    {
        // a answers invalid, and invalid again on its repair; b refuses json_schema, then answers
        // json_object with a request to escalate; c answers with json_schema.
        _server.Enqueue(
            FakeResponse.Completion(Invalid, promptTokens: 120, completionTokens: 14, model: "a", headers: Cost("0.0003")),
            FakeResponse.Completion("""{"status":"success","output":{"queue":"bill"},"confidence":1.2}""", promptTokens: 190, completionTokens: 22, model: "a", headers: Cost("0.0004")),
            LiteLlmErrors.UnsupportedResponseFormat("b"),
            FakeResponse.Completion("""{"status":"escalate","summary":"needs a bigger model"}""", promptTokens: 260, completionTokens: 12, model: "b", headers: Cost("0.0011")),
            FakeResponse.Completion(Good, promptTokens: 118, completionTokens: 18, model: "c", headers: Cost("0.0052")));
        var outcome = _client.Run(Run("""["a","b","c"]""", ""","json_mode":"auto","request_id":"ladder-3" """)).AssertOk();
        var doc = outcome.Doc;
        _out.WriteLine(outcome.Json);

        Assert.Equal("c", doc.GetProperty("model").GetString());
        Assert.Equal(new[] { "a", "b" }, EscalatedModels(doc.GetProperty("escalations")));
        Assert.Equal(new[]
        {
            "a invalid_result 0 json_schema",
            "a invalid_result 1 json_schema",
            "b http_status 0 json_schema",
            "b invalid_result 0 json_object",
            "c ok 0 json_schema",
        }, Attempts(doc.GetProperty("attempts")));

        // The order of events on the wire: each request is the one its attempt entry describes.
        var bodies = Bodies(_server);
        Assert.Equal(new[] { "a", "a", "b", "b", "c" }, bodies.Select(b => b.GetProperty("model").GetString()));
        Assert.Equal(new[] { "json_schema", "json_schema", "json_schema", "json_object", "json_schema" }, bodies.Select(FormatType));
        Assert.Equal("assistant", Messages(bodies[1])[2].Role);
        Assert.Contains("conforms to this JSON Schema", Messages(bodies[3])[0].Content);
        Assert.Equal(new[] { ("system", Skill), ("user", TaskPrompt) }, Messages(bodies[4]));

        var attempts = doc.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(new long[] { 120, 190, 0, 260, 118 }, attempts.Select(a => a.GetProperty("input_tokens").GetInt64()));
        Assert.Equal(new long[] { 14, 22, 0, 12, 18 }, attempts.Select(a => a.GetProperty("output_tokens").GetInt64()));
        Assert.Equal(JsonValueKind.Null, attempts[2].GetProperty("cost_usd").ValueKind);
        Assert.All(attempts, a => Assert.True(a.GetProperty("latency_ms").GetDouble() >= 0));
        AssertTotalsAreSums(doc, doc.GetProperty("attempts"));
        Assert.Equal(0.007, doc.GetProperty("cost_usd").GetDouble(), 10);
    }

    private static void AssertTotalsAreSums(JsonElement totals, JsonElement attempts)
    {
        var list = attempts.EnumerateArray().ToList();
        Assert.Equal(list.Sum(a => a.GetProperty("input_tokens").GetInt64()), totals.GetProperty("input_tokens").GetInt64());
        Assert.Equal(list.Sum(a => a.GetProperty("output_tokens").GetInt64()), totals.GetProperty("output_tokens").GetInt64());
        var costs = list.Select(a => a.GetProperty("cost_usd")).Where(c => c.ValueKind == JsonValueKind.Number).Select(c => c.GetDouble()).ToList();
        if (costs.Count == 0) Assert.Equal(JsonValueKind.Null, totals.GetProperty("cost_usd").ValueKind);
        else Assert.Equal(costs.Sum(), totals.GetProperty("cost_usd").GetDouble(), 12);
    }

    [Fact]
    public void Every_model_failing_puts_the_attempts_in_the_error_document_as_run_attempts()
    {
        _server.Enqueue(
            FakeResponse.Completion("no", headers: Cost("0.1")), FakeResponse.Completion("no", headers: Cost("0.1")),
            FakeResponse.Error(503, "overloaded"));
        var error = _client.Run(Run()).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(new[] { "a invalid_result 0 off", "a invalid_result 1 off", "b http_status 0 off" }, Attempts(error.GetProperty("run_attempts")));
        Assert.False(error.GetProperty("ladder_stopped").GetBoolean());
        // The error's own attempts keeps its meaning: the HTTP attempts of the last failure.
        Assert.Equal(1, error.GetProperty("attempts").GetInt32());
        // Neither is repeated inside an escalation.
        var inner = error.GetProperty("escalations")[0].GetProperty("error");
        Assert.False(inner.TryGetProperty("run_attempts", out _));
        Assert.False(inner.TryGetProperty("ladder_stopped", out _));
    }

    [Fact]
    public void A_generate_error_carries_neither_run_attempts_nor_ladder_stopped()
    {
        _server.Enqueue(FakeResponse.Error(500, "down"));
        var error = _client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.False(error.TryGetProperty("run_attempts", out _));
        Assert.False(error.TryGetProperty("ladder_stopped", out _));
    }

    [Fact]
    public void Mocked_rungs_are_attempts_too_at_no_cost()
    {
        var doc = _client.Run(Run("""["a"]""", $$""","mock_response":{{JsonSerializer.Serialize(Good, Json.LiteLlmJsonContext.Default.String)}}""")).AssertOk().Doc;
        Assert.Equal(new[] { "a ok 0 off" }, Attempts(doc.GetProperty("attempts")));
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("attempts")[0].GetProperty("cost_usd").ValueKind);
    }

    [Fact]
    public void Max_cost_reached_ends_the_run_with_the_last_failure_instead_of_climbing()
    {
        _server.Enqueue(
            FakeResponse.Completion("no", headers: Cost("0.25")), FakeResponse.Completion("still no", headers: Cost("0.25")),
            FakeResponse.Completion(Good));
        var error = _client.Run(Run("""["a","b"]""", ""","max_cost_usd":0.3""")).AssertStatus(LiteLlmStatus.InvalidResult).Error;
        Assert.Equal(2, _server.Requests.Count);
        Assert.StartsWith("max_cost_usd 0.3 reached (0.5 USD spent); last (a): content is not JSON", error.GetProperty("message").GetString());
        Assert.True(error.GetProperty("ladder_stopped").GetBoolean());
        Assert.Equal(new[] { "a invalid_result 0 off", "a invalid_result 1 off" }, Attempts(error.GetProperty("run_attempts")));
    }

    [Fact]
    public void Max_cost_reached_also_forgoes_a_repair()
    {
        _server.Enqueue(FakeResponse.Completion("no", headers: Cost("0.25")), FakeResponse.Completion(Good));
        var error = _client.Run(Run("""["a","b"]""", ""","max_cost_usd":0.25""")).AssertStatus(LiteLlmStatus.InvalidResult).Error;
        Assert.Single(_server.Requests);
        Assert.Equal(new[] { "a invalid_result 0 off" }, Attempts(error.GetProperty("run_attempts")));
    }

    [Fact]
    public void Under_max_cost_or_without_any_reported_cost_the_run_climbs()
    {
        _server.Enqueue(FakeResponse.Error(500, "down"), FakeResponse.Completion(Good, headers: Cost("9")));
        _client.Run(Run("""["a","b"]""", ""","max_cost_usd":0.01""")).AssertOk();
        _server.Enqueue(FakeResponse.Completion("no"), FakeResponse.Completion("no"), FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a","b"]""", ""","max_cost_usd":0""")).AssertOk().Doc; // no cost header: nothing is spent
        Assert.Equal("b", doc.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("-0.5", "$.max_cost_usd: must be at least 0, got -0.5")]
    [InlineData("\"1\"", "$.max_cost_usd: expected")]
    public void A_max_cost_below_zero_is_invalid_argument(string value, string message)
    {
        var outcome = _client.Run(Run(extra: $$""","max_cost_usd":{{value}}""")).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.StartsWith("request_json: " + message, outcome.ErrorMessage);
    }
}
