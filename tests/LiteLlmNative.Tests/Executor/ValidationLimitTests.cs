using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Executor;

/// <summary>
/// Issue 10, item 5: checking a run's result is work of the call, bounded by its timeout_ms and
/// ended by a cancel, however costly the schema (here 30 strings of 6,000 characters against a
/// pattern of ~8,000 NFA states: about half a second each, some 15 s in all, unbounded).
/// </summary>
public sealed class ValidationLimitTests : IDisposable
{
    private const string CostlyPattern = "^(?:[a-z]{1,90}){1,90}$";

    private readonly FakeOpenAiServer _server = new();
    private readonly ITestOutputHelper _out;

    public ValidationLimitTests(ITestOutputHelper output) => _out = output;

    public void Dispose() => _server.Dispose();

    private static string CostlyAnswer() =>
        "{\"items\":[" + string.Join(",", Enumerable.Range(0, 30).Select(_ => "\"" + new string('a', 6000) + "1\"")) + "]}";

    private static string Request(int timeoutMs, string id = "v-1") =>
        "{\"models\":[\"only\"],\"task_prompt\":\"x\",\"timeout_ms\":" + timeoutMs + ",\"request_id\":\"" + id
        + "\",\"result_schema\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"pattern\":\""
        + CostlyPattern + "\"}}}}}";

    [Fact]
    public void A_costly_validation_ends_at_timeout_ms_as_a_timeout()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Completion(CostlyAnswer()));
        var sw = Stopwatch.StartNew();
        var outcome = client.Run(Request(timeoutMs: 1000)).AssertStatus(LiteLlmStatus.Timeout);
        _out.WriteLine($"{sw.ElapsedMilliseconds} ms: {Contract.Cut(outcome.Json, 300)}");
        Assert.InRange(sw.ElapsedMilliseconds, 900, 4000);
        Assert.Contains("timeout_ms (1000 ms)", outcome.ErrorMessage);
    }

    [Fact]
    public void A_cancel_ends_a_costly_validation_within_tens_of_milliseconds()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Completion(CostlyAnswer()));
        var call = Task.Factory.StartNew(() => client.Run(Request(timeoutMs: 60_000, id: "v-cancel")), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => _server.RequestCount == 1, TimeSpan.FromSeconds(10)));
        Thread.Sleep(600); // well into the validation
        Assert.False(call.IsCompleted, "the validation ended before the cancel");
        var sw = Stopwatch.StartNew();
        client.Client.Cancel("v-cancel");
        Assert.True(call.Wait(TimeSpan.FromSeconds(5)), "the cancel did not end the validation");
        _out.WriteLine($"cancel to return: {sw.ElapsedMilliseconds} ms");
        call.Result.AssertStatus(LiteLlmStatus.Cancelled);
        Assert.True(sw.ElapsedMilliseconds < 200, $"{sw.ElapsedMilliseconds} ms");
    }
}
