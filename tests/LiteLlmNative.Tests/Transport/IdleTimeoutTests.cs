using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Buffers;
using LiteLlmNative.Client;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Transport;

/// <summary>
/// docs/configuration.md#timeouts: idle_timeout_ms bounds the server's silence between bytes
/// (before the head and inside a stream), blocking and asynchronous alike, per client and per
/// request; the host's own time in its callbacks is not the server's silence.
/// </summary>
public sealed class IdleTimeoutTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();

    public void Dispose() => _server.Dispose();

    private LiteLlmClient Client(string extra = "") =>
        Api.CreateClient($$"""{"base_url":"{{_server.BaseUrl}}","api_key":"","max_retries":0{{extra}}}""");

    /// <summary>A stream through the asynchronous API, each event's callback taking <paramref name="perEvent"/>.</summary>
    private static Outcome StreamAsync(LiteLlmClient client, string request, TimeSpan perEvent = default)
    {
        var done = new TaskCompletionSource<Outcome>();
        LiteLlmApi.StartGenerate(client, Encoding.UTF8.GetBytes(request), _ =>
        {
            if (perEvent > TimeSpan.Zero) Thread.Sleep(perEvent);
            return true;
        }, (status, document) => done.TrySetResult(new Outcome(status, Encoding.UTF8.GetString(document.WrittenSpan))));
        Assert.True(done.Task.Wait(TimeSpan.FromSeconds(30)), "on_done never ran");
        return done.Task.Result;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stream_silent_longer_than_the_idle_limit_times_out_saying_so(bool async)
    {
        using var client = Client(""","idle_timeout_ms":150""");
        string request = Requests.Hello("drip-600");
        var sw = Stopwatch.StartNew();
        var outcome = async ? StreamAsync(client, request) : Api.Stream(client, request);
        outcome.AssertStatus(LiteLlmStatus.Timeout);
        Assert.Equal("the server sent nothing for 150 ms (idle_timeout_ms)", outcome.ErrorMessage);
        Assert.InRange(sw.ElapsedMilliseconds, 100, 3000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_wait_for_the_first_byte_is_bounded_too_and_a_request_sets_its_own_limit(bool async)
    {
        using var client = Client();
        string request = Requests.Hello("slow-2000", ""","idle_timeout_ms":100""");
        var outcome = async ? Api.GenerateAsync(client, request) : Api.Generate(client, request);
        Assert.Equal("the server sent nothing for 100 ms (idle_timeout_ms)", outcome.AssertStatus(LiteLlmStatus.Timeout).ErrorMessage);
    }

    [Fact]
    public void A_run_request_sets_its_own_limit_for_each_of_its_requests()
    {
        using var client = Client();
        var outcome = Api.Run(client, Encoding.UTF8.GetBytes("""{"models":["slow-2000"],"task_prompt":"x","idle_timeout_ms":100}"""));
        Assert.Contains("the server sent nothing for 100 ms (idle_timeout_ms)", outcome.AssertStatus(LiteLlmStatus.Timeout).ErrorMessage);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stream_that_keeps_talking_lives_as_long_as_timeout_ms_allows(bool async)
    {
        using var client = Client(""","idle_timeout_ms":1500,"timeout_ms":60000""");
        var outcome = async ? StreamAsync(client, Requests.Hello("drip-100")) : Api.Stream(client, Requests.Hello("drip-100"));
        outcome.AssertOk();
    }

    [Fact]
    public void The_host_s_time_in_its_callbacks_is_not_the_server_s_silence()
    {
        using var client = Client(""","idle_timeout_ms":600""");
        // Chunks come 50 ms apart, and each event's callback takes longer than the idle limit:
        // the next read finds its chunk waiting. The callbacks block pool threads, which the
        // fake server in this process needs too: enough of them are kept ready.
        ThreadPool.GetMinThreads(out int workers, out int ports);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), ports);
        try
        {
            var outcome = StreamAsync(client, Requests.Hello("drip-50"), perEvent: TimeSpan.FromMilliseconds(900));
            outcome.AssertOk();
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, ports);
        }
    }

    [Theory]
    [InlineData("""{"idle_timeout_ms":0}""", "options_json: $.idle_timeout_ms: must be between 1 and 86400000, got 0")]
    [InlineData("""{"idle_timeout_ms":86400001}""", "options_json: $.idle_timeout_ms: must be between 1 and 86400000, got 86400001")]
    public void An_idle_limit_out_of_range_is_refused(string options, string message)
    {
        var outcome = Api.TryCreateClient(options, out var client);
        client?.Dispose();
        Assert.Equal(message, outcome.AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage);
        using var ok = Client();
        Assert.Equal("request_json: $.idle_timeout_ms: must be between 1 and 86400000, got -5",
            Api.Generate(ok, Requests.Hello(extra: ""","idle_timeout_ms":-5""")).AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage);
    }
}
