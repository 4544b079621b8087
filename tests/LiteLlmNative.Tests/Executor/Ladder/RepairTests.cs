using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using static LiteLlmNative.Tests.Executor.Ladder.LadderRequests;

namespace LiteLlmNative.Tests.Executor.Ladder;

/// <summary>
/// docs/documents.md#run-request <c>repair_attempts</c>: an answer that is not JSON or fails the
/// schema goes back to the same model with the problems listed, before the run escalates.
/// </summary>
public sealed class RepairTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public RepairTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void An_answer_failing_the_schema_is_repaired_by_the_same_model_by_default()
    {
        _server.Enqueue(FakeResponse.Completion(Invalid), FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a","b"]""", ""","json_mode":"json_schema" """)).AssertOk().Doc;

        Assert.Equal("a", doc.GetProperty("model").GetString());
        Assert.Equal(0, doc.GetProperty("escalations").GetArrayLength());
        Assert.Equal(new[] { "a invalid_result 0 json_schema", "a ok 1 json_schema" }, Attempts(doc.GetProperty("attempts")));

        // The repair: the conversation as first sent, the model's own answer, then each problem
        // with its JSON path. It keeps the first request's response_format, which showed the
        // schema already, so the schema is not repeated.
        var repair = Bodies(_server)[1];
        Assert.Equal("a", repair.GetProperty("model").GetString());
        Assert.Equal("json_schema", FormatType(repair));
        Assert.Equal(new[]
        {
            ("system", Skill),
            ("user", TaskPrompt),
            ("assistant", Invalid),
            ("user", "Your answer was not accepted:\n"
                + "- $.status: \"done\" is not one of \"success\", \"failure\", \"escalate\"\n"
                + "- $.confidence: 1.5 is above the maximum 1\n"
                + "Answer again with the corrected JSON object only."),
        }, Messages(repair));
    }

    [Fact]
    public void Content_that_is_not_json_is_repaired_with_the_parse_error_at_the_root_and_the_schema_shown()
    {
        _server.Enqueue(FakeResponse.Completion("Sure! It is billing."), FakeResponse.Completion("""{"queue":"billing"}"""));
        var doc = _client.Run(Run("""["a"]""", $$""","result_schema":{{QueueSchema}}""")).AssertOk().Doc;
        Assert.Equal(new[] { "a invalid_result 0 off", "a ok 1 off" }, Attempts(doc.GetProperty("attempts")));
        var messages = Messages(Bodies(_server)[1]);
        Assert.Equal(("assistant", "Sure! It is billing."), messages[2]);
        string ask = messages[3].Content;
        Assert.StartsWith("Your answer was not accepted:\n- $: content is not JSON: ", ask);
        // Without json_schema the model has not seen the schema: the repair shows it.
        Assert.Contains("The answer must be one JSON object that conforms to this JSON Schema:\n" + QueueSchema + "\n", ask);
        Assert.False(Bodies(_server)[1].TryGetProperty("response_format", out _));
    }

    [Fact]
    public void After_a_refusal_the_repair_keeps_json_object_and_the_schema_in_the_system_message()
    {
        _server.Enqueue(LiteLlmErrors.UnsupportedResponseFormat("a"), FakeResponse.Completion(Invalid), FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a"]""", ""","json_mode":"auto" """)).AssertOk().Doc;
        Assert.Equal(new[] { "a http_status 0 json_schema", "a invalid_result 0 json_object", "a ok 1 json_object" }, Attempts(doc.GetProperty("attempts")));
        var repair = Bodies(_server)[2];
        Assert.Equal("json_object", FormatType(repair));
        var messages = Messages(repair);
        Assert.Equal(new[] { "system", "user", "assistant", "user" }, messages.Select(m => m.Role));
        Assert.Contains("conforms to this JSON Schema", messages[0].Content);
        Assert.DoesNotContain("JSON Schema", messages[3].Content);
    }

    [Fact]
    public void Repairs_off_escalate_at_once()
    {
        _server.Enqueue(FakeResponse.Completion(Invalid), FakeResponse.Completion(Good));
        var doc = _client.Run(Run(extra: ""","repair_attempts":0""")).AssertOk().Doc;
        Assert.Equal(new[] { "a invalid_result 0 off", "b ok 0 off" }, Attempts(doc.GetProperty("attempts")));
    }

    [Fact]
    public void Each_repair_sends_only_the_latest_answer_and_the_run_escalates_after_the_last()
    {
        _server.Enqueue(
            FakeResponse.Completion("first"), FakeResponse.Completion("second"), FakeResponse.Completion("third"),
            FakeResponse.Completion(Good));
        var doc = _client.Run(Run(extra: ""","repair_attempts":2""")).AssertOk().Doc;
        Assert.Equal(new[] { "a invalid_result 0 off", "a invalid_result 1 off", "a invalid_result 2 off", "b ok 0 off" },
            Attempts(doc.GetProperty("attempts")));
        var bodies = Bodies(_server);
        Assert.Equal(("assistant", "second"), Messages(bodies[2])[2]);
        Assert.Equal(4, Messages(bodies[2]).Count);
        // b starts afresh: no repair conversation of a's.
        Assert.Equal(new[] { ("system", Skill), ("user", TaskPrompt) }, Messages(bodies[3]));
        // The escalation is the last repair's failure.
        var escalation = doc.GetProperty("escalations")[0].GetProperty("error");
        Assert.Equal("third", escalation.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("""{"status":"escalate","summary":"too hard"}""", "")]
    [InlineData("""{"status":"success","output":1,"confidence":0.2}""", ""","min_confidence":0.5""")]
    public void An_answer_asking_to_escalate_or_not_confident_enough_is_not_argued_with(string answer, string extra)
    {
        _server.Enqueue(FakeResponse.Completion(answer), FakeResponse.Completion(Good));
        var doc = _client.Run(Run(extra: extra)).AssertOk().Doc;
        Assert.Equal(new[] { "a invalid_result 0 off", "b ok 0 off" }, Attempts(doc.GetProperty("attempts")));
    }

    [Fact]
    public void The_fake_repairable_model_answers_valid_on_its_repair()
    {
        var doc = _client.Run(Run("""["repairable"]""")).AssertOk().Doc;
        Assert.Equal(new[] { "repairable invalid_result 0 off", "repairable ok 1 off" }, Attempts(doc.GetProperty("attempts")));
        Assert.True(doc.GetProperty("result").GetProperty("output").GetProperty("repaired").GetBoolean());
    }

    [Fact]
    public void A_repair_past_timeout_ms_is_a_timeout_and_the_run_escalates()
    {
        // A warm run first: run alone, a cold first request (JIT, connect) can take ~300 ms by
        // itself, and the limit below is meant for the repair only.
        _server.Enqueue(FakeResponse.Completion(Good));
        _client.Run(Run()).AssertOk();
        _server.Enqueue(
            FakeResponse.Completion(Invalid),
            FakeResponse.Delayed(FakeResponse.Completion(Good), TimeSpan.FromSeconds(6)),
            FakeResponse.Completion(Good));
        var doc = _client.Run(Run(extra: ""","timeout_ms":1500""")).AssertOk().Doc;
        Assert.Equal(new[] { "a invalid_result 0 off", "a timeout 1 off", "b ok 0 off" }, Attempts(doc.GetProperty("attempts")));
    }

    [Fact]
    public void A_cancel_during_a_repair_ends_the_run_with_what_it_did()
    {
        _server.Enqueue(
            FakeResponse.Completion(Invalid),
            FakeResponse.Delayed(FakeResponse.Completion(Good), TimeSpan.FromSeconds(10)),
            FakeResponse.Completion(Good));
        var call = Task.Factory.StartNew(() => _client.Run(Run(extra: ""","request_id":"r-repair" """)), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => _server.Requests.Count >= 2, TimeSpan.FromSeconds(10)));
        Thread.Sleep(100);
        _client.Client.Cancel("r-repair");
        Assert.True(call.Wait(TimeSpan.FromSeconds(5)));
        var error = call.Result.AssertStatus(LiteLlmStatus.Cancelled).Error;
        Assert.Equal(2, _server.Requests.Count); // b never asked
        Assert.Equal(new[] { "a invalid_result 0 off", "a cancelled 1 off" }, Attempts(error.GetProperty("run_attempts")));
        Assert.False(error.GetProperty("ladder_stopped").GetBoolean());
    }

    [Theory]
    [InlineData("-1", "$.repair_attempts: must be between 0 and 10, got -1")]
    [InlineData("11", "$.repair_attempts: must be between 0 and 10, got 11")]
    [InlineData("\"1\"", "$.repair_attempts: expected")]
    [InlineData("1.5", "$.repair_attempts: expected")]
    public void A_repair_attempts_out_of_range_is_invalid_argument(string value, string message)
    {
        var outcome = _client.Run(Run(extra: $$""","repair_attempts":{{value}}""")).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.StartsWith("request_json: " + message, outcome.ErrorMessage);
        Assert.Empty(_server.Requests);
    }
}
