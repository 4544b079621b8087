using System;
using System.Linq;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Transport;

/// <summary>
/// timeout_ms is "one attempt, connect to last byte" (docs/configuration.md): a server that keeps the
/// connection busy with a byte now and then, or goes silent, must end in timeout on time.
/// </summary>
public sealed class SlowServerTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly ITestOutputHelper _out;

    public SlowServerTests(ITestOutputHelper output) => _out = output;

    public void Dispose() => _server.Dispose();

    private static string Chunk(string content, string? finish = null) =>
        $$"""{"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"{{content}}"},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""";

    [Fact]
    public void Trickle_is_a_valid_answer_when_the_timeout_allows_it()
    {
        // The control case: the trickle itself produces a good completion, so the timeouts below
        // are the library's doing, not a broken fake.
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 10_000);
        _server.Enqueue(FakeResponse.Trickle(FakeResponse.Completion("slowly"), TimeSpan.FromMilliseconds(1)));
        var doc = client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal("slowly", doc.GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Trickle_of_one_byte_per_100_ms_times_out_at_timeout_ms_instead_of_hanging(bool trickleHead)
    {
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 60_000);
        _server.Enqueue(FakeResponse.Trickle(FakeResponse.Completion("this answer would take half a minute to arrive"), trickleHead: trickleHead));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello(extra: ""","timeout_ms":500""")));
        _out.WriteLine($"trickleHead={trickleHead}: {outcome.Status} after {ms} ms");
        var e = outcome.AssertStatus(LiteLlmStatus.Timeout).Error;
        Assert.InRange(ms, 450, 2000);
        Assert.Equal(1, e.GetProperty("attempts").GetInt32());
        Assert.Contains("500 ms", e.GetProperty("message").GetString());
    }

    [Fact]
    public void Trickle_times_out_once_per_attempt_and_retries_are_bounded()
    {
        using var client = new TestClient(_server, maxRetries: 2, timeoutMs: 400);
        for (int i = 0; i < 3; i++) _server.Enqueue(FakeResponse.Trickle(FakeResponse.Completion("late")));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        _out.WriteLine($"{outcome.Status} after {ms} ms, {_server.Requests.Count} requests");
        var e = outcome.AssertStatus(LiteLlmStatus.Timeout).Error;
        Assert.Equal(3, e.GetProperty("attempts").GetInt32());
        Assert.Equal(3, _server.Requests.Count);
        Assert.InRange(ms, 3 * 400 - 50, 4000);
    }

    [Fact]
    public void Trickled_stream_times_out_at_timeout_ms_even_though_bytes_keep_coming()
    {
        // Each byte resets nothing: the limit is for the whole attempt, not an idle timer.
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 60_000);
        // The body leaves 16 bytes at a time, 5 ms apart: the first events arrive well within
        // the limit even where a short delay takes several times as long (the pace is only as
        // steady as the machine's timers), and the stream would need seconds more to finish.
        var events = Enumerable.Range(0, 400).Select(i => Chunk("t" + i)).Append(Chunk("", "stop"));
        _server.Enqueue(FakeResponse.Sse(events, chunkSize: 16, delayBetweenChunks: TimeSpan.FromMilliseconds(5)));
        var (outcome, ms) = Timed.Run(() => Api.Stream(client.Client, Requests.Hello(extra: ""","timeout_ms":1500""")));
        _out.WriteLine($"{outcome.Status} after {ms} ms: {Contract.Cut(outcome.Json)}");
        outcome.AssertStatus(LiteLlmStatus.Timeout);
        Assert.InRange(ms, 1450, 4000);
        string? partial = Contract.PartialContent(outcome);
        Assert.NotNull(partial); // the first events arrive well within the 1.5 s
        Assert.StartsWith("t0", partial);
    }

    [Fact]
    public void Stall_forever_after_headers_is_a_timeout_within_the_bound()
    {
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 60_000);
        _server.Enqueue(FakeResponse.StallAfterHeaders());
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello(extra: ""","timeout_ms":500""")));
        _out.WriteLine($"{outcome.Status} after {ms} ms");
        outcome.AssertStatus(LiteLlmStatus.Timeout);
        Assert.InRange(ms, 450, 2000);
    }

    [Fact]
    public void Stall_forever_after_headers_on_a_stream_call_is_a_timeout_within_the_bound()
    {
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 60_000);
        _server.Enqueue(FakeResponse.StallAfterHeaders());
        var (outcome, ms) = Timed.Run(() => Api.Stream(client.Client, Requests.Hello(extra: ""","timeout_ms":500""")));
        outcome.AssertStatus(LiteLlmStatus.Timeout);
        Assert.InRange(ms, 450, 2000);
    }

    [Fact]
    public void Stall_in_the_middle_of_a_stream_is_a_timeout_with_the_partial_content()
    {
        using var client = new TestClient(_server, maxRetries: 2, timeoutMs: 60_000);
        byte[] body = FakeResponse.SseBody([Chunk("Hel"), Chunk("lo"), Chunk("", "stop")]);
        int twoEvents = IndexOfNth(body, "\n\n"u8.ToArray(), 2) + 2;
        _server.Enqueue(FakeResponse.SseCutAt(body, twoEvents, CutMode.Stall));
        // 1.5 s: ample for the two events to arrive even on a cold, loaded test process.
        var (outcome, ms) = Timed.Run(() => Api.Stream(client.Client, Requests.Hello(extra: ""","timeout_ms":1500""")));
        _out.WriteLine($"{outcome.Status} after {ms} ms: {outcome.Json}");
        var e = outcome.AssertStatus(LiteLlmStatus.Timeout).Error;
        Assert.InRange(ms, 1450, 4000);
        Assert.Equal("Hello", e.GetProperty("partial_content").GetString());
        Assert.Single(_server.Requests); // events were delivered: a retry would repeat them
    }

    private static int IndexOfNth(byte[] haystack, byte[] needle, int n)
    {
        int at = -1;
        for (int found = 0; found < n; found++)
        {
            at = haystack.AsSpan(at + 1).IndexOf(needle) + at + 1;
        }

        return at;
    }
}
