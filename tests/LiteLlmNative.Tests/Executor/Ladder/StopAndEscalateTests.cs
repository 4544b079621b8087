using System;
using System.Linq;
using LiteLlmNative.Executor;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using static LiteLlmNative.Tests.Executor.Ladder.LadderRequests;

namespace LiteLlmNative.Tests.Executor.Ladder;

/// <summary>
/// docs/reliability.md#the-executors-ladder: which failures climb to the next model and which
/// stop the whole run, since no other model behind the same key can fix them.
/// </summary>
public sealed class StopAndEscalateTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public StopAndEscalateTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    public static TheoryData<string, FakeResponse, int, string> Stops => new()
    {
        { "401", FakeResponse.Error(401, "Authentication Error, Invalid proxy server token passed.", "auth_error", "401"), 401, "the key is not accepted (401)" },
        { "403", FakeResponse.Error(403, "team not allowed", "permission_error", "403"), 403, "the key is not allowed (403)" },
        { "budget_exceeded", LiteLlmErrors.BudgetExceeded(), 400, "the budget is exhausted (budget_exceeded)" },
        // A proxy that lost the type: LiteLLM's words in the message are enough.
        { "budget in the message", FakeResponse.Error(400, "litellm.BadRequestError: Litellm_proxyException - Budget has been exceeded! Current cost: 1000.2, Max budget: 1000.0", null, "400"), 400, "the budget is exhausted (budget_exceeded)" },
        { "insufficient_quota", LiteLlmErrors.InsufficientQuota(), 429, "the quota is exhausted (insufficient_quota)" },
    };

    [Theory]
    [MemberData(nameof(Stops))]
    public void A_failure_no_other_model_can_fix_stops_the_ladder(string what, FakeResponse failure, int status, string reason)
    {
        _ = what;
        _server.Enqueue(failure, FakeResponse.Completion(Good));
        var error = _client.Run(Run("""["a","b","c"]""", ""","request_id":"t-stop" """)).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Single(_server.Requests);
        Assert.Equal(status, error.GetProperty("status").GetInt32());
        Assert.True(error.GetProperty("ladder_stopped").GetBoolean());
        Assert.StartsWith($"the run stopped at a: {reason}, which no other model can fix: litellm API error {status}: ", error.GetProperty("message").GetString());
        Assert.Equal("a", error.GetProperty("model").GetString());
        Assert.Equal("t-stop", error.GetProperty("request_id").GetString());
        Assert.Equal(new[] { "a" }, EscalatedModels(error.GetProperty("escalations")));
        Assert.Equal(new[] { "a http_status 0 off" }, Attempts(error.GetProperty("run_attempts")));
    }

    [Theory]
    [InlineData("budget-exceeded", 400)]
    [InlineData("insufficient-quota", 429)]
    public void The_fake_models_for_budget_and_quota_stop_the_ladder(string model, int status)
    {
        var error = _client.Run(Run($$"""["{{model}}","b"]""")).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(status, error.GetProperty("status").GetInt32());
        Assert.True(error.GetProperty("ladder_stopped").GetBoolean());
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void A_stop_on_a_later_model_keeps_the_earlier_escalations()
    {
        _server.Enqueue(FakeResponse.Error(500, "down"), FakeResponse.Error(401, "bad key"));
        var error = _client.Run(Run("""["a","b","c"]""")).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(new[] { "a", "b" }, EscalatedModels(error.GetProperty("escalations")));
        Assert.Equal(new[] { "a http_status 0 off", "b http_status 0 off" }, Attempts(error.GetProperty("run_attempts")));
        Assert.StartsWith("the run stopped at b: ", error.GetProperty("message").GetString());
    }

    [Fact]
    public void An_invalid_argument_from_a_rung_stops_the_ladder()
    {
        Assert.Equal("the request is invalid", FailureRules.StopReason(new LiteLlmError(LiteLlmStatus.InvalidArgument, "request_json: $.x: bad")));
        Assert.Null(FailureRules.StopReason(new LiteLlmError(LiteLlmStatus.InvalidResult, "insufficient_quota in the model's own words")));
        Assert.Null(FailureRules.StopReason(new LiteLlmError(LiteLlmStatus.Network, "Budget has been exceeded")));
    }

    public static TheoryData<string, FakeResponse> Escalates => new()
    {
        { "ContextWindowExceededError", LiteLlmErrors.ContextWindowExceeded() },
        { "code context_length_exceeded", FakeResponse.Error(400, "This model's maximum context length is 128000 tokens.", "invalid_request_error", "context_length_exceeded") },
        { "429 rate limit", FakeResponse.Error(429, "Rate limit reached for gpt-4o", "rate_limit_error", "429") },
        { "500", FakeResponse.Error(500, "internal") },
        { "404", FakeResponse.Error(404, "model not found", "not_found_error", "404") },
        { "bad response", FakeResponse.Json(200, """{"choices":"nope"}""") },
        { "network", FakeResponse.ResetBeforeHeaders() },
    };

    [Theory]
    [MemberData(nameof(Escalates))]
    public void Other_failures_climb_to_the_next_model(string what, FakeResponse failure)
    {
        _ = what;
        _server.Enqueue(failure, FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a","b"]""")).AssertOk().Doc;
        Assert.Equal("b", doc.GetProperty("model").GetString());
        Assert.Equal(new[] { "a" }, EscalatedModels(doc.GetProperty("escalations")));
    }

    [Fact]
    public void A_context_overflow_of_a_json_schema_request_is_not_a_refusal_it_escalates()
    {
        var doc = _client.Run(Run("""["context-overflow","b"]""", ""","json_mode":"json_schema" """)).AssertOk().Doc;
        Assert.Equal(new[] { "context-overflow http_status 0 json_schema", "b ok 0 json_schema" }, Attempts(doc.GetProperty("attempts")));
        string message = doc.GetProperty("escalations")[0].GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("ContextWindowExceededError", message);
    }

    [Fact]
    public void A_429_retried_before_the_ladder_moves_on()
    {
        using var retrying = new TestClient(_server, maxRetries: 1);
        _server.Enqueue(FakeResponse.Error(429, "slow down", "rate_limit_error", "429"), FakeResponse.Error(429, "slow down", "rate_limit_error", "429"),
            FakeResponse.Completion(Good));
        var doc = retrying.Run(Run()).AssertOk().Doc;
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(2, doc.GetProperty("escalations")[0].GetProperty("error").GetProperty("attempts").GetInt32());
        // One attempt entry per request the run made; the transport's retries are inside it.
        Assert.Equal(new[] { "a http_status 0 off", "b ok 0 off" }, Attempts(doc.GetProperty("attempts")));
    }
}
