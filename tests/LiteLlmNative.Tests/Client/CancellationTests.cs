using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Client;

/// <summary>litellm_cancel and litellm_client_free with calls in flight (issue: streaming and cancellation).</summary>
public sealed class CancellationTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly ITestOutputHelper _output;

    public CancellationTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _server.Dispose();

    /// <summary>
    /// Starts the call on its own thread, waits until it is where the test wants it
    /// (<paramref name="ready"/>, then <paramref name="settle"/> more), cancels it, and returns the
    /// outcome and the time from cancel to return. Waiting on a condition, not a fixed sleep,
    /// keeps a busy machine from cancelling before the call has begun.
    /// </summary>
    private (Outcome Outcome, double CancelToReturnMs) CancelDuring(
        TestClient client, string request, string requestId, Func<bool> ready, TimeSpan settle)
    {
        var call = Task.Factory.StartNew(() => client.Generate(request), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(ready, TimeSpan.FromSeconds(10)), "the call never got going");
        Thread.Sleep(settle);
        Assert.False(call.IsCompleted, "the call ended before it could be cancelled: " + (call.IsCompleted ? call.Result.Json : ""));
        var sw = Stopwatch.StartNew();
        client.Client.Cancel(requestId);
        Assert.True(call.Wait(TimeSpan.FromSeconds(5)), "cancel did not end the call");
        double ms = sw.Elapsed.TotalMilliseconds;
        _output.WriteLine($"cancel to return: {ms:0.00} ms");
        return (call.Result, ms);
    }

    private Func<bool> ServerHas(int requests) => () => _server.Requests.Count >= requests;

    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);

    [Fact]
    public void Cancel_while_waiting_for_the_answer_returns_cancelled_promptly()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Delayed(FakeResponse.Completion("late"), TimeSpan.FromSeconds(10)));
        var (outcome, ms) = CancelDuring(client, Requests.Hello(extra: ""","request_id":"r-body" """), "r-body", ServerHas(1), Settle);
        outcome.AssertStatus(LiteLlmStatus.Cancelled);
        Assert.Equal("r-body", outcome.Error.GetProperty("request_id").GetString());
        Assert.True(ms < 100, $"{ms} ms");
        Assert.Single(_server.Requests); // never retried after the host cancels
    }

    [Fact]
    public void Cancel_while_reading_a_stalled_body_returns_cancelled()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.StallAfterHeaders());
        var (outcome, ms) = CancelDuring(client, Requests.Hello(extra: ""","request_id":"r-stall" """), "r-stall", ServerHas(1), Settle);
        outcome.AssertStatus(LiteLlmStatus.Cancelled);
        Assert.True(ms < 100, $"{ms} ms");
    }

    [Fact]
    public void Cancel_during_retry_after_wait_returns_cancelled()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(429, "wait", headers: new Dictionary<string, string> { ["Retry-After"] = "30" }));
        var (outcome, ms) = CancelDuring(client, Requests.Hello(extra: ""","request_id":"r-wait" """), "r-wait", ServerHas(1), Settle);
        outcome.AssertStatus(LiteLlmStatus.Cancelled);
        Assert.True(ms < 100, $"{ms} ms");
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Cancel_during_backoff_returns_cancelled()
    {
        using var client = new TestClient(_server, backoff: TimeSpan.FromSeconds(20));
        _server.Enqueue(FakeResponse.Error(503, "busy"));
        var (outcome, ms) = CancelDuring(client, Requests.Hello(extra: ""","request_id":"r-backoff" """), "r-backoff", ServerHas(1), Settle);
        outcome.AssertStatus(LiteLlmStatus.Cancelled);
        Assert.True(ms < 100, $"{ms} ms");
    }

    [Fact]
    public void Cancel_while_connecting_returns_cancelled()
    {
        // A listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        for (int i = 0; i < 4; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try { s.Connect(IPAddress.Loopback, port); } catch (SocketException) { }
            fillers.Add(s);
        }
        try
        {
            using var client = new TestClient(_server, baseUrl: $"http://127.0.0.1:{port}");
            var (outcome, ms) = CancelDuring(client, Requests.Hello(extra: ""","request_id":"r-connect" """), "r-connect", () => true, TimeSpan.FromMilliseconds(500));
            outcome.AssertStatus(LiteLlmStatus.Cancelled);
            Assert.True(ms < 100, $"{ms} ms");
        }
        finally
        {
            foreach (var s in fillers) s.Dispose();
        }
    }

    [Fact]
    public void Cancel_of_a_stream_returns_cancelled_with_partial_content()
    {
        using var client = new TestClient(_server);
        var chunks = Enumerable.Range(0, 100).Select(i => $$$"""{"choices":[{"index":0,"delta":{"content":"w{{{i}}} "}}]}""");
        _server.Enqueue(FakeResponse.Sse(chunks, delayBetweenChunks: TimeSpan.FromMilliseconds(50)));
        var call = Task.Factory.StartNew(() => client.Stream(Requests.Hello(extra: ""","request_id":"r-stream" """)), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(ServerHas(1), TimeSpan.FromSeconds(10)));
        Thread.Sleep(400);
        client.Client.Cancel("r-stream");
        Assert.True(call.Wait(TimeSpan.FromSeconds(5)));
        var e = call.Result.Outcome.AssertStatus(LiteLlmStatus.Cancelled).Error;
        Assert.StartsWith("w0 w1 ", e.GetProperty("partial_content").GetString());
    }

    [Fact]
    public void Cancel_ends_a_run_without_trying_the_next_model()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Delayed(FakeResponse.Completion("{}"), TimeSpan.FromSeconds(10)), FakeResponse.Completion("""{"status":"success","output":1}"""));
        var call = Task.Factory.StartNew(() => client.Run("""{"models":["a","b"],"task_prompt":"t","request_id":"r-run"}"""), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(ServerHas(1), TimeSpan.FromSeconds(10)));
        Thread.Sleep(150);
        client.Client.Cancel("r-run");
        Assert.True(call.Wait(TimeSpan.FromSeconds(5)));
        call.Result.AssertStatus(LiteLlmStatus.Cancelled);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Cancel_touches_only_calls_with_that_id_and_is_idempotent()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(
            FakeResponse.Delayed(FakeResponse.Completion("one"), TimeSpan.FromMilliseconds(1500)),
            FakeResponse.Delayed(FakeResponse.Completion("two"), TimeSpan.FromMilliseconds(1500)));
        var keep = Task.Factory.StartNew(() => client.Generate(Requests.Hello(extra: ""","request_id":"keep" """)), TaskCreationOptions.LongRunning);
        var drop = Task.Factory.StartNew(() => client.Generate(Requests.Hello(extra: ""","request_id":"drop" """)), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(ServerHas(2), TimeSpan.FromSeconds(10)));
        client.Client.Cancel("drop");
        client.Client.Cancel("drop");
        client.Client.Cancel("nobody");
        Assert.True(Task.WaitAll(new[] { keep, drop }, TimeSpan.FromSeconds(5)));
        keep.Result.AssertOk();
        drop.Result.AssertStatus(LiteLlmStatus.Cancelled);
    }

    [Fact]
    public void Free_with_eight_calls_in_flight_cancels_them_and_waits_for_them()
    {
        var client = new TestClient(_server);
        for (int i = 0; i < 8; i++) _server.Enqueue(FakeResponse.Delayed(FakeResponse.Completion("late"), TimeSpan.FromSeconds(30)));
        int returned = 0;
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
        {
            var outcome = client.Generate(Requests.Hello());
            Interlocked.Increment(ref returned);
            return outcome;
        }, TaskCreationOptions.LongRunning)).ToArray();
        SpinWait.SpinUntil(() => _server.Requests.Count == 8, TimeSpan.FromSeconds(5));
        var sw = Stopwatch.StartNew();
        client.Dispose();
        _output.WriteLine($"free with 8 in flight: {sw.Elapsed.TotalMilliseconds:0.0} ms");
        // Free returned only once every call had finished its work in the library; the host
        // threads then return from the call itself a moment later.
        Assert.Equal(0, client.Client.InFlight);
        Assert.True(Task.WaitAll(calls, TimeSpan.FromSeconds(1)));
        Assert.Equal(8, Volatile.Read(ref returned));
        foreach (var c in calls) c.Result.AssertStatus(LiteLlmStatus.Cancelled);
        Assert.True(sw.ElapsedMilliseconds < 2000);
        // After free, a call fails cleanly instead of touching a disposed pool.
        client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Cancelled);
    }

    [Fact]
    public void Sixteen_threads_by_200_calls_on_one_client_are_all_answered_correctly()
    {
        using var client = new TestClient(_server);
        int wrong = 0;
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                string text = $"t{t}-c{i}";
                var outcome = client.Generate($$"""{"model":"echo","messages":[{"role":"user","content":"{{text}}"}]}""");
                if (outcome.Status != LiteLlmStatus.Ok || outcome.Doc.GetProperty("content").GetString() != text) Interlocked.Increment(ref wrong);
            }
        })).ToList();
        var sw = Stopwatch.StartNew();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        _output.WriteLine($"3200 calls on 16 threads: {sw.ElapsedMilliseconds} ms, {_server.ConnectionsAccepted} connections");
        Assert.Equal(0, wrong);
        Assert.Equal(3200, _server.Requests.Count);
        Assert.True(_server.ConnectionsAccepted <= 16, $"{_server.ConnectionsAccepted} connections for 16 threads");
    }
}
