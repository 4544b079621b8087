using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using LiteLlmNative.Client;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using Xunit.Abstractions;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Transport;

/// <summary>
/// max_response_bytes (default 64 MiB) bounds what one answer may make the library hold, for
/// bodies and for streams. These tests measure the process, so they run alone.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class ResponseSizeTests : IDisposable
{
    private const long TwoHundredMb = 200L * 1024 * 1024;
    private const long Mib = 1024 * 1024;

    // Generous bounds: the cap is 64 MiB, and what must not happen is the 200 MB being held,
    // during the call (peak) or after it (retained, measured after a full GC).
    private const long MaxPeakGrowth = 200 * Mib;
    // A stream's text is aggregated as .NET strings (UTF-16): up to the 64 MiB cap of bytes
    // becomes up to 128 MiB of characters, so its peak bound is higher; holding the whole 200 MB
    // stream (400 MB as UTF-16) is still caught.
    private const long MaxStreamPeakGrowth = 300 * Mib;
    private const long MaxRetained = 160 * Mib;

    private readonly FakeOpenAiServer _server = new();
    private readonly ITestOutputHelper _out;
    private readonly LiteLlmClient _client;

    public ResponseSizeTests(ITestOutputHelper output)
    {
        _out = output;
        _client = Api.CreateClient($$"""{"base_url":"{{_server.BaseUrl}}","max_retries":0,"timeout_ms":60000}""");
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static readonly byte[] Hello = Encoding.UTF8.GetBytes(Requests.Hello());

    /// <summary>What the test keeps of an answer: never the (possibly huge) document itself.</summary>
    private sealed record Summary(LiteLlmStatus Status, string Kind, string Message, int DocumentChars, int PartialChars, int Events, long Ms)
    {
        public static Summary Of(LiteLlmStatus status, ReadOnlySpan<byte> json, int events, long ms)
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (!root.TryGetProperty("error", out var e)) return new Summary(status, "ok", "", json.Length, 0, events, ms);
            int partial = e.TryGetProperty("partial_content", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()!.Length : 0;
            return new Summary(status, e.GetProperty("kind").GetString()!, e.GetProperty("message").GetString()!, json.Length, partial, events, ms);
        }
    }

    private Summary CallGenerate(LiteLlmClient client)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var output = new PooledBuffer();
        var status = LiteLlmApi.Generate(client, Hello, output);
        return Summary.Of(status, output.WrittenSpan, 0, sw.ElapsedMilliseconds);
    }

    private Summary CallStream(LiteLlmClient client)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int events = 0;
        using var output = new PooledBuffer();
        var status = LiteLlmApi.GenerateStream(client, Hello, _ => { events++; return true; }, output);
        return Summary.Of(status, output.WrittenSpan, events, sw.ElapsedMilliseconds);
    }

    private static void AssertRefused(Summary summary, long cap)
    {
        Assert.True(summary.Status == LiteLlmStatus.BadResponse, $"expected bad_response, got {summary}");
        Assert.Equal("bad_response", summary.Kind);
        Assert.Contains("max_response_bytes", summary.Message);
        Assert.Contains($"({cap} bytes)", summary.Message);
    }

    // The behaviour, shape by shape, under a 1 MiB cap: quick, and it leaves the large buckets of
    // the shared array pool alone, so the memory figures below start from a known state.

    private const long SmallCap = 1 * Mib;

    private LiteLlmClient SmallCapClient() =>
        Api.CreateClient($$"""{"base_url":"{{_server.BaseUrl}}","max_retries":0,"max_response_bytes":{{SmallCap}}}""");

    [Fact]
    public void Body_of_200_MB_with_its_content_length_is_refused_as_bad_response()
    {
        using var client = SmallCapClient();
        _server.Enqueue(FakeResponse.HugeBody(TwoHundredMb));
        AssertRefused(CallGenerate(client), SmallCap);
    }

    [Fact]
    public void Body_of_200_MB_framed_by_close_is_refused_as_bad_response_while_reading()
    {
        using var client = SmallCapClient();
        _server.Enqueue(FakeResponse.HugeBody(TwoHundredMb, declareLength: false));
        var summary = CallGenerate(client);
        AssertRefused(summary, SmallCap);
        Assert.True(summary.Ms < 5000, $"took {summary.Ms} ms: the body was not cut off at the cap");
    }

    [Fact]
    public void Stream_of_200_MB_of_deltas_is_refused_as_bad_response()
    {
        using var client = SmallCapClient();
        _server.Enqueue(FakeResponse.HugeSse(TwoHundredMb));
        var summary = CallStream(client);
        _out.WriteLine(summary.ToString());
        AssertRefused(summary, SmallCap);
        Assert.True(summary.PartialChars <= SmallCap, $"partial_content of {summary.PartialChars} chars under a {SmallCap}-byte cap");
    }

    [Fact]
    public void Stream_of_one_200_MB_line_is_refused_as_bad_response()
    {
        using var client = SmallCapClient();
        _server.Enqueue(FakeResponse.HugeSse(TwoHundredMb, oneEvent: true));
        AssertRefused(CallStream(client), SmallCap);
    }

    [Fact]
    public void Stream_call_answered_with_a_200_MB_json_body_is_refused_as_bad_response()
    {
        using var client = SmallCapClient();
        _server.Enqueue(FakeResponse.HugeBody(TwoHundredMb, declareLength: false));
        AssertRefused(CallStream(client), SmallCap);
    }

    /// <summary>
    /// The default cap (64 MiB) against 200 MB answers of every shape, measured one after the
    /// other in a fixed order (the shared array pool remembers earlier calls, so the order is
    /// part of the measurement): neither during a call nor after it (and a full GC) may the
    /// managed heap have grown by about the 200 MB, and repeating the shapes must not add more.
    /// </summary>
    [Fact]
    public void Answers_of_200_MB_under_the_default_cap_do_not_make_the_process_hold_them()
    {
        var scenarios = new (string Name, Func<FakeResponse> Response, bool Stream)[]
        {
            ("body with Content-Length", () => FakeResponse.HugeBody(TwoHundredMb), false),
            ("body framed by close", () => FakeResponse.HugeBody(TwoHundredMb, declareLength: false), false),
            ("SSE, one endless line", () => FakeResponse.HugeSse(TwoHundredMb, oneEvent: true), true),
            ("stream call, JSON body framed by close", () => FakeResponse.HugeBody(TwoHundredMb, declareLength: false), true),
            ("SSE of 1000-char deltas", () => FakeResponse.HugeSse(TwoHundredMb), true),
        };
        var failures = new System.Collections.Generic.List<string>();
        long firstBaseline = GC.GetTotalMemory(forceFullCollection: true);
        for (int round = 1; round <= 2; round++)
        {
            // The delta stream is the slowest shape (tens of thousands of events); once is enough.
            foreach (var (name, response, stream) in round == 1 ? scenarios : scenarios[..^1])
            {
                Summary? summary = null;
                var memory = MemoryFigures.Measure(() =>
                {
                    _server.Enqueue(response());
                    summary = stream ? CallStream(_client) : CallGenerate(_client);
                });
                string line = $"round {round}, {name}: {summary!.Status} in {summary.Ms} ms, document {summary.DocumentChars} chars "
                    + $"(partial_content {summary.PartialChars}); {memory}";
                _out.WriteLine(line);
                if (summary.Status != LiteLlmStatus.BadResponse || !summary.Message.Contains("max_response_bytes", StringComparison.Ordinal))
                    failures.Add($"{name}: expected bad_response naming max_response_bytes, got {summary.Status}: {summary.Message}");
                if (memory.PeakGrowth >= (stream ? MaxStreamPeakGrowth : MaxPeakGrowth))
                    failures.Add($"{name} (round {round}): the managed heap grew by {MemoryFigures.Mb(memory.PeakGrowth)} during the call");
                if (memory.HeapGrowth >= MaxRetained)
                    failures.Add($"{name} (round {round}): the managed heap kept {MemoryFigures.Mb(memory.HeapGrowth)} after the call and a full GC");
            }
        }

        long total = GC.GetTotalMemory(forceFullCollection: true) - firstBaseline;
        _out.WriteLine($"after both rounds the managed heap is {MemoryFigures.Mb(total)} above where it started");
        if (total >= MaxRetained) failures.Add($"after both rounds the managed heap kept {MemoryFigures.Mb(total)}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Answers_near_the_cap_on_several_threads_do_not_stay_pinned_after_the_calls()
    {
        // 40 MB bodies (under the 64 MiB cap, so they are read in full, then refused as not
        // JSON), one call per fresh thread: a host's threads come and go, and buffers that each
        // thread leaves behind in a pool would add up.
        const int threads = 3;
        Summary[] summaries = new Summary[threads];
        var memory = MemoryFigures.Measure(() =>
        {
            for (int i = 0; i < threads; i++)
            {
                int n = i;
                _server.Enqueue(FakeResponse.HugeBody(40 * Mib, declareLength: n % 2 == 0));
                var thread = new Thread(() => summaries[n] = CallGenerate(_client));
                thread.Start();
                thread.Join();
            }
        });
        foreach (var s in summaries) _out.WriteLine(s.ToString());
        _out.WriteLine(memory.ToString());
        Assert.All(summaries, s => Assert.Equal(LiteLlmStatus.BadResponse, s.Status));
        Assert.True(memory.HeapGrowth < MaxRetained,
            $"after {threads} calls with 40 MB answers on {threads} threads the managed heap kept {MemoryFigures.Mb(memory.HeapGrowth)} after a full GC: {memory}");
    }

    [Fact]
    public void Max_response_bytes_4096_refuses_a_10_KB_body()
    {
        using var client = Api.CreateClient($$"""{"base_url":"{{_server.BaseUrl}}","max_retries":0,"max_response_bytes":4096}""");
        _server.Enqueue(FakeResponse.Completion(new string('x', 10_000)));
        var outcome = Api.Generate(client, Hello);
        Assert.Contains("max_response_bytes", outcome.AssertStatus(LiteLlmStatus.BadResponse).ErrorMessage);

        // Framed by close, so only the reading loop can catch it.
        _server.Enqueue(FakeResponse.HugeBody(10_000, declareLength: false));
        outcome = Api.Generate(client, Hello);
        Assert.Contains("max_response_bytes", outcome.AssertStatus(LiteLlmStatus.BadResponse).ErrorMessage);

        // And the same client still answers a body under the cap.
        _server.Enqueue(FakeResponse.Completion("small"));
        Assert.Equal("small", Api.Generate(client, Hello).AssertOk().Doc.GetProperty("content").GetString());
    }

    [Fact]
    public void Max_response_bytes_4096_refuses_a_10_KB_stream()
    {
        using var client = Api.CreateClient($$"""{"base_url":"{{_server.BaseUrl}}","max_retries":0,"max_response_bytes":4096}""");
        _server.Enqueue(FakeResponse.HugeSse(10_000));
        var (outcome, _) = Api.StreamCounting(client, Hello);
        var error = outcome.AssertStatus(LiteLlmStatus.BadResponse).Error;
        Assert.Contains("max_response_bytes", error.GetProperty("message").GetString());
        string? partial = Contract.PartialContent(outcome);
        Assert.True(partial is null || partial.Length <= 4096, $"partial_content of {partial?.Length} chars from a 4096-byte cap");
    }
}
