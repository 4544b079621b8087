using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Client;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using Xunit.Abstractions;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Async;

/// <summary>
/// The asynchronous calls (docs/async.md) through the span API the exports use: every status
/// through the completion, exactly once, never on the starting thread, events before it and
/// never overlapping it, cancels at every stage, and the client freed with calls in flight.
/// </summary>
public sealed class AsyncCallTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly FakeOpenAiServer _server = new();
    private readonly ITestOutputHelper _output;

    public AsyncCallTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _server.Dispose();

    /// <summary>What one call reported: its completions (must be one), its events, and where they ran.</summary>
    private sealed class Probe
    {
        private int _inCallback;
        public readonly ConcurrentQueue<(LiteLlmStatus Status, string Json, int Thread)> Done = new();
        public readonly ConcurrentQueue<JsonElement> Events = new();
        public readonly TaskCompletionSource<(LiteLlmStatus Status, string Json)> Ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int StartingThread;
        public volatile bool Overlapped, EventAfterDone;
        public int StopAfter = int.MaxValue;
        public Action? InDone;

        public bool OnEvent(ReadOnlySpan<byte> json)
        {
            if (Interlocked.Exchange(ref _inCallback, 1) != 0) Overlapped = true;
            if (!Done.IsEmpty) EventAfterDone = true;
            Events.Enqueue(JsonDocument.Parse(json.ToArray()).RootElement.Clone());
            Thread.SpinWait(50);
            Volatile.Write(ref _inCallback, 0);
            return Events.Count < StopAfter;
        }

        public void OnDone(LiteLlmStatus status, PooledBuffer document)
        {
            if (Interlocked.Exchange(ref _inCallback, 1) != 0) Overlapped = true;
            string json = Encoding.UTF8.GetString(document.WrittenSpan);
            Done.Enqueue((status, json, Environment.CurrentManagedThreadId));
            InDone?.Invoke();
            Volatile.Write(ref _inCallback, 0);
            Ended.TrySetResult((status, json));
        }

        public Outcome Wait()
        {
            Assert.True(Ended.Task.Wait(Bound), "on_done never ran");
            Thread.Sleep(20); // a second completion would come at once
            Assert.Single(Done);
            Assert.False(Overlapped, "a callback overlapped another of the same call");
            Assert.False(EventAfterDone, "an event came after on_done");
            Assert.NotEqual(StartingThread, Done.First().Thread);
            var (status, json) = Ended.Task.Result;
            return new Outcome(status, json);
        }
    }

    private static Probe Start(LiteLlmClient? client, string request, bool stream = false, Probe? probe = null)
    {
        probe ??= new Probe();
        probe.StartingThread = Environment.CurrentManagedThreadId;
        LiteLlmApi.StartGenerate(client, Encoding.UTF8.GetBytes(request), stream ? probe.OnEvent : null, probe.OnDone);
        return probe;
    }

    private static Probe StartRun(LiteLlmClient client, string request)
    {
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        LiteLlmApi.StartRun(client, Encoding.UTF8.GetBytes(request), probe.OnDone);
        return probe;
    }

    [Fact]
    public void Generate_answers_through_on_done_on_another_thread()
    {
        using var client = new TestClient(_server);
        var doc = Start(client.Client, Requests.Hello("echo")).Wait().AssertOk().Doc;
        Assert.Equal("Hello", doc.GetProperty("content").GetString());
        Assert.Equal(1, doc.GetProperty("attempts").GetInt32());
        Assert.Equal(0, client.Client.InFlight);
    }

    [Fact]
    public void Blocking_and_async_calls_share_one_kept_alive_connection()
    {
        using var client = new TestClient(_server);
        for (int i = 0; i < 3; i++)
        {
            client.Generate(Requests.Hello("echo")).AssertOk();
            Start(client.Client, Requests.Hello("echo")).Wait().AssertOk();
        }
        Assert.Equal(6, _server.RequestCount);
        Assert.Equal(1, _server.ConnectionsAccepted);
    }

    [Fact]
    public void Stream_delivers_every_event_then_the_done_event_then_on_done()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Sse(
            new[] { "Hel", "lo ", "world" }.Select(OpenAiChunk).Append(FinishChunk()), delayBetweenChunks: TimeSpan.FromMilliseconds(20)));
        var probe = Start(client.Client, Requests.Hello(), stream: true);
        var doc = probe.Wait().AssertOk().Doc;
        Assert.Equal("Hello world", doc.GetProperty("content").GetString());
        var types = probe.Events.Select(e => e.GetProperty("type").GetString()).ToArray();
        Assert.Equal(new[] { "delta", "delta", "delta", "done" }, types);
        Assert.Equal("Hello world", probe.Events.Last().GetProperty("response").GetProperty("content").GetString());
    }

    [Fact]
    public void A_stream_callback_returning_stop_ends_the_call_cancelled()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Sse(new[] { "a", "b", "c" }.Select(OpenAiChunk).Append(FinishChunk()), delayBetweenChunks: TimeSpan.FromMilliseconds(20)));
        var probe = new Probe { StopAfter = 1 };
        Start(client.Client, Requests.Hello(), stream: true, probe).Wait().AssertStatus(LiteLlmStatus.Cancelled);
        Assert.Single(probe.Events);
    }

    [Theory]
    [InlineData("status-401", LiteLlmStatus.HttpStatus)]
    [InlineData("garbage", LiteLlmStatus.BadResponse)]
    [InlineData("reset", LiteLlmStatus.Network)]
    public void Every_failure_reaches_on_done_with_its_status(string model, LiteLlmStatus expected)
    {
        using var client = new TestClient(_server, maxRetries: 1);
        var outcome = Start(client.Client, Requests.Hello(model)).Wait().AssertStatus(expected);
        Assert.Equal(model, outcome.Error.GetProperty("model").GetString());
    }

    [Fact]
    public void A_bad_request_document_is_reported_through_on_done_not_by_the_start()
    {
        using var client = new TestClient(_server);
        var outcome = Start(client.Client, """{"model":"m","messages":[],"bogus":1}""").Wait().AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains("request_json", outcome.ErrorMessage);
        Assert.Equal(0, _server.RequestCount);
    }

    [Fact]
    public void A_refused_connection_is_network_after_the_retries()
    {
        using var client = new TestClient(_server, maxRetries: 2, baseUrl: "http://127.0.0.1:9");
        var outcome = Start(client.Client, Requests.Hello()).Wait().AssertStatus(LiteLlmStatus.Network);
        Assert.Equal(3, outcome.Error.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void A_slow_answer_is_a_timeout_at_timeout_ms_without_a_thread_waiting()
    {
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 300);
        var sw = Stopwatch.StartNew();
        var outcome = Start(client.Client, Requests.Hello("slow-5000")).Wait().AssertStatus(LiteLlmStatus.Timeout);
        Assert.InRange(sw.ElapsedMilliseconds, 290, 3000);
        Assert.Contains("300 ms", outcome.ErrorMessage);
    }

    [Fact]
    public void Retries_and_back_off_happen_asynchronously_and_then_succeed()
    {
        using var client = new TestClient(_server, maxRetries: 2, backoff: TimeSpan.FromMilliseconds(50));
        _server.Enqueue(FakeResponse.Error(503, "busy"), FakeResponse.Error(500, "busy"), FakeResponse.Completion("third time"));
        var doc = Start(client.Client, Requests.Hello()).Wait().AssertOk().Doc;
        Assert.Equal("third time", doc.GetProperty("content").GetString());
        Assert.Equal(3, doc.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void Run_climbs_the_ladder_asynchronously()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Completion("not json"), FakeResponse.Completion("""{"status":"success","output":{"answer":42}}"""));
        var doc = StartRun(client.Client, """{"models":["small","big"],"task_prompt":"answer","repair_attempts":0}""").Wait().AssertOk().Doc;
        Assert.Equal("big", doc.GetProperty("model").GetString());
        Assert.Equal(42, doc.GetProperty("result").GetProperty("output").GetProperty("answer").GetInt32());
        Assert.Single(doc.GetProperty("escalations").EnumerateArray());
    }

    [Fact]
    public void Run_failing_on_every_model_is_invalid_result_with_the_escalations()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Completion("no"), FakeResponse.Completion("still no"));
        var outcome = StartRun(client.Client, """{"models":["a","b"],"task_prompt":"answer","repair_attempts":0}""").Wait().AssertStatus(LiteLlmStatus.InvalidResult);
        Assert.Equal(2, outcome.Error.GetProperty("escalations").GetArrayLength());
    }

    // ---- cancellation ---------------------------------------------------------------------

    [Fact]
    public void Cancel_before_the_call_has_started_running_ends_it_cancelled()
    {
        using var client = new TestClient(_server);
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        var call = LiteLlmApi.StartGenerate(client.Client, Encoding.UTF8.GetBytes(Requests.Hello("slow-5000")), null, probe.OnDone);
        call.Cancel();
        probe.Wait().AssertStatus(LiteLlmStatus.Cancelled);
    }

    [Fact]
    public void Cancel_while_waiting_for_the_answer_ends_the_call_promptly_and_twice_is_harmless()
    {
        using var client = new TestClient(_server);
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        var call = LiteLlmApi.StartGenerate(client.Client, Encoding.UTF8.GetBytes(Requests.Hello("slow-10000")), null, probe.OnDone);
        Assert.True(SpinWait.SpinUntil(() => _server.RequestCount == 1, Bound));
        var sw = Stopwatch.StartNew();
        call.Cancel();
        call.Cancel();
        probe.Wait().AssertStatus(LiteLlmStatus.Cancelled);
        _output.WriteLine($"cancel to on_done: {sw.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.True(sw.ElapsedMilliseconds < 1000, $"{sw.ElapsedMilliseconds} ms");
        Assert.Equal(1, _server.RequestCount); // never retried after a cancel
    }

    [Fact]
    public void Cancel_during_a_connect_that_never_completes_ends_the_call()
    {
        // A listener whose accept queue is full: the SYN is never answered.
        using var blackhole = new FullBacklogListener();
        using var client = new TestClient(_server, baseUrl: blackhole.BaseUrl, maxRetries: 0);
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        var call = LiteLlmApi.StartGenerate(client.Client, Encoding.UTF8.GetBytes(Requests.Hello()), null, probe.OnDone);
        Thread.Sleep(200);
        Assert.True(probe.Done.IsEmpty, "the connect completed");
        call.Cancel();
        probe.Wait().AssertStatus(LiteLlmStatus.Cancelled);
    }

    [Fact]
    public void Cancel_mid_stream_keeps_what_arrived_and_closes_the_connection()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Sse(new[] { "one ", "two ", "three" }.Select(OpenAiChunk).Append(FinishChunk()), delayBetweenChunks: TimeSpan.FromMilliseconds(400)));
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        var call = LiteLlmApi.StartGenerate(client.Client, Encoding.UTF8.GetBytes(Requests.Hello()), probe.OnEvent, probe.OnDone);
        Assert.True(SpinWait.SpinUntil(() => probe.Events.Count >= 1, Bound));
        call.Cancel();
        var outcome = probe.Wait().AssertStatus(LiteLlmStatus.Cancelled);
        Assert.StartsWith("one", outcome.Error.GetProperty("partial_content").GetString());
        Assert.True(probe.Events.Count < 4);
    }

    [Fact]
    public void Cancel_during_a_back_off_wait_ends_the_call_without_the_retry()
    {
        using var client = new TestClient(_server, maxRetries: 3, backoff: TimeSpan.FromSeconds(30));
        _server.Enqueue(FakeResponse.Error(503, "busy"));
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        var call = LiteLlmApi.StartGenerate(client.Client, Encoding.UTF8.GetBytes(Requests.Hello()), null, probe.OnDone);
        Assert.True(SpinWait.SpinUntil(() => _server.RequestCount == 1, Bound));
        Thread.Sleep(100);
        var sw = Stopwatch.StartNew();
        call.Cancel();
        probe.Wait().AssertStatus(LiteLlmStatus.Cancelled);
        Assert.True(sw.ElapsedMilliseconds < 1000, $"{sw.ElapsedMilliseconds} ms");
        Assert.Equal(1, _server.RequestCount);
    }

    [Fact]
    public void Cancel_from_inside_an_event_stops_the_events_already_buffered()
    {
        using var client = new TestClient(_server);
        // Every event arrives in one write: after the first, the rest is already buffered.
        _server.Enqueue(FakeResponse.Sse(Enumerable.Range(0, 15).Select(i => OpenAiChunk($"w{i} ")).Append(FinishChunk())));
        AsyncCall? call = null;
        var started = new ManualResetEventSlim();
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        var events = new ConcurrentQueue<string>();
        call = LiteLlmApi.StartGenerate(client.Client, Encoding.UTF8.GetBytes(Requests.Hello()), json =>
        {
            events.Enqueue(Encoding.UTF8.GetString(json));
            started.Wait();
            if (events.Count == 2) call!.Cancel();
            return true;
        }, probe.OnDone);
        started.Set();
        probe.Wait().AssertStatus(LiteLlmStatus.Cancelled);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void Freeing_the_client_from_an_async_stream_event_cancels_that_stream()
    {
        var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Sse(Enumerable.Range(0, 15).Select(i => OpenAiChunk($"w{i} ")).Append(FinishChunk())));
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        int events = 0;
        LiteLlmApi.StartGenerate(client.Client, Encoding.UTF8.GetBytes(Requests.Hello()), _ =>
        {
            if (Interlocked.Increment(ref events) == 1) client.Dispose();
            return true;
        }, probe.OnDone);
        probe.Wait().AssertStatus(LiteLlmStatus.Cancelled);
        Assert.Equal(1, Volatile.Read(ref events));
        Assert.True(SpinWait.SpinUntil(() => client.Client.InFlight == 0, Bound));
    }

    [Fact]
    public void Cancel_by_request_id_from_inside_a_blocking_stream_event_stops_it()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Sse(Enumerable.Range(0, 15).Select(i => OpenAiChunk($"w{i} ")).Append(FinishChunk())));
        using var output = new PooledBuffer();
        int events = 0;
        var status = LiteLlmApi.GenerateStream(client.Client, Encoding.UTF8.GetBytes(Requests.Hello(extra: ""","request_id":"own" """)), _ =>
        {
            if (++events == 1) client.Client.Cancel("own");
            return true;
        }, output);
        Assert.Equal(LiteLlmStatus.Cancelled, status);
        Assert.Equal(1, events);
    }

    [Fact]
    public void Cancel_after_done_changes_nothing()
    {
        using var client = new TestClient(_server);
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        var call = LiteLlmApi.StartGenerate(client.Client, Encoding.UTF8.GetBytes(Requests.Hello()), null, probe.OnDone);
        probe.Wait().AssertOk();
        call.Cancel();
        call.Cancel();
        Thread.Sleep(50);
        Assert.Single(probe.Done);
    }

    [Fact]
    public void Cancel_by_request_id_reaches_async_calls()
    {
        using var client = new TestClient(_server);
        var probe = Start(client.Client, Requests.Hello("slow-10000", ""","request_id":"rid-7" """));
        Assert.True(SpinWait.SpinUntil(() => _server.RequestCount == 1, Bound));
        client.Client.Cancel("rid-7");
        Assert.Equal("rid-7", probe.Wait().AssertStatus(LiteLlmStatus.Cancelled).Error.GetProperty("request_id").GetString());
    }

    [Fact]
    public void Cancel_ends_a_run_without_the_next_model()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        var probe = new Probe { StartingThread = Environment.CurrentManagedThreadId };
        var call = LiteLlmApi.StartRun(client.Client, Encoding.UTF8.GetBytes("""{"models":["slow-10000","echo"],"task_prompt":"x"}"""), probe.OnDone);
        Assert.True(SpinWait.SpinUntil(() => _server.RequestCount == 1, Bound));
        call.Cancel();
        probe.Wait().AssertStatus(LiteLlmStatus.Cancelled);
        Thread.Sleep(100);
        Assert.Equal(1, _server.RequestCount);
    }

    // ---- the client freed with calls in flight ---------------------------------------------

    [Fact]
    public void Freeing_the_client_with_a_thousand_calls_in_flight_ends_each_once_then_returns()
    {
        var client = new TestClient(_server, maxRetries: 0);
        var probes = Enumerable.Range(0, 1000).Select(i => Start(client.Client, Requests.Hello("slow-20000", $""","user":"u{i}" """))).ToArray();
        Assert.True(SpinWait.SpinUntil(() => _server.RequestCount >= 50, Bound));
        var sw = Stopwatch.StartNew();
        client.Dispose();
        _output.WriteLine($"client free with 1000 in flight: {sw.Elapsed.TotalMilliseconds:0} ms");
        // Every on_done has run by the time the free returns.
        Assert.All(probes, p => Assert.Single(p.Done));
        Assert.All(probes, p => Assert.Equal(LiteLlmStatus.Cancelled, p.Done.First().Status));
        Assert.Equal(0, client.Client.InFlight);
    }

    [Fact]
    public void Freeing_the_client_from_inside_on_done_neither_deadlocks_nor_loses_the_other_calls()
    {
        var client = new TestClient(_server, maxRetries: 0);
        var others = Enumerable.Range(0, 20).Select(i => Start(client.Client, Requests.Hello("slow-20000", $""","user":"o{i}" """))).ToArray();
        var freed = new ManualResetEventSlim();
        var first = new Probe { InDone = () => { client.Dispose(); freed.Set(); } };
        Start(client.Client, Requests.Hello("echo"), probe: first);
        Assert.True(freed.Wait(Bound), "litellm_client_free from on_done did not return");
        first.Wait().AssertOk();
        foreach (var other in others) other.Wait().AssertStatus(LiteLlmStatus.Cancelled);
        Assert.True(SpinWait.SpinUntil(() => client.Client.InFlight == 0, Bound));
        // The handle's client refuses new calls, through on_done as well.
        Start(client.Client, Requests.Hello()).Wait().AssertStatus(LiteLlmStatus.Cancelled);
    }

    [Fact]
    public void Freeing_the_client_from_a_blocking_stream_callback_cancels_that_stream()
    {
        var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Sse(new[] { "a", "b", "c" }.Select(OpenAiChunk).Append(FinishChunk()), delayBetweenChunks: TimeSpan.FromMilliseconds(50)));
        using var output = new PooledBuffer();
        int events = 0;
        var status = LiteLlmApi.GenerateStream(client.Client, Encoding.UTF8.GetBytes(Requests.Hello()), _ =>
        {
            if (++events == 1) client.Dispose();
            return true;
        }, output);
        Assert.Equal(LiteLlmStatus.Cancelled, status);
        Assert.Equal(0, client.Client.InFlight);
    }

    // ---- many calls -----------------------------------------------------------------------

    [Fact]
    public void Ten_thousand_calls_with_a_fault_mix_each_end_exactly_once_with_the_right_status()
    {
        const int Total = 10_000, Window = 500;
        using var client = new TestClient(_server, maxRetries: 1, backoff: TimeSpan.FromMilliseconds(1));
        _server.RecordRequests = false;
        var statuses = new LiteLlmStatus[Total];
        var counts = new int[Total];
        int started = 0, ended = 0;
        var all = new ManualResetEventSlim();
        string[] models = { "echo", "echo", "echo", "flaky-500", "status-401", "reset", "garbage" };
        LiteLlmStatus[] expected = { LiteLlmStatus.Ok, LiteLlmStatus.Ok, LiteLlmStatus.Ok, LiteLlmStatus.Ok, LiteLlmStatus.HttpStatus, LiteLlmStatus.Network, LiteLlmStatus.BadResponse };

        void StartNext()
        {
            int i = Interlocked.Increment(ref started) - 1;
            if (i >= Total) return;
            // Started from on_done too: a callback may start calls.
            LiteLlmApi.StartGenerate(client.Client,
                Encoding.UTF8.GetBytes(Requests.Hello(models[i % models.Length], $""","user":"c{i}" """)), null, (status, _) =>
                {
                    statuses[i] = status;
                    if (Interlocked.Increment(ref counts[i]) == 1 && Interlocked.Increment(ref ended) == Total) all.Set();
                    StartNext();
                });
        }

        var sw = Stopwatch.StartNew();
        for (int w = 0; w < Window; w++) StartNext();
        Assert.True(all.Wait(TimeSpan.FromSeconds(120)), $"only {Volatile.Read(ref ended)} of {Total} ended");
        Thread.Sleep(100);
        _output.WriteLine($"{Total} calls, {Window} in flight: {sw.Elapsed.TotalSeconds:0.00} s, {_server.ConnectionsAccepted} connections");
        Assert.All(counts, c => Assert.Equal(1, c));
        for (int i = 0; i < Total; i++) Assert.True(statuses[i] == expected[i % models.Length], $"call {i} ({models[i % models.Length]}): {statuses[i]}");
        Assert.Equal(0, client.Client.InFlight);
    }

    private static string OpenAiChunk(string text) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(text, Json.LiteLlmJsonContext.Default.String)}}},"finish_reason":null}]}""";

    private static string FinishChunk() =>
        """{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";

    /// <summary>A listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs.</summary>
    private sealed class FullBacklogListener : IDisposable
    {
        private readonly System.Net.Sockets.Socket _listener = new(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        private readonly List<System.Net.Sockets.Socket> _fillers = new();

        public FullBacklogListener()
        {
            _listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            _listener.Listen(0);
            int port = ((System.Net.IPEndPoint)_listener.LocalEndPoint!).Port;
            BaseUrl = $"http://127.0.0.1:{port}";
            for (int i = 0; i < 4; i++)
            {
                var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { Blocking = false };
                try { s.Connect(System.Net.IPAddress.Loopback, port); } catch (System.Net.Sockets.SocketException) { }
                _fillers.Add(s);
            }
        }

        public string BaseUrl { get; }

        public void Dispose()
        {
            foreach (var s in _fillers) s.Dispose();
            _listener.Dispose();
        }
    }
}
