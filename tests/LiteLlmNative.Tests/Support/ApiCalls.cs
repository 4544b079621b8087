using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading;
using LiteLlmNative.Client;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Support;

/// <summary>
/// Tests that measure the whole process (memory, threads) run alone, after the parallel ones,
/// so other tests' allocations and threads do not blur the figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "process-wide measurements, run alone";
}

/// <summary>Clients built the way a host builds them (options JSON) and calls through the span API.</summary>
internal static class Api
{
    public static LiteLlmClient CreateClient(string optionsJson)
    {
        using var output = new PooledBuffer();
        var status = LiteLlmApi.CreateClient(Encoding.UTF8.GetBytes(optionsJson), hasOptions: true, output, out var client);
        Assert.True(status == LiteLlmStatus.Ok, $"client_new failed with {status}: {Encoding.UTF8.GetString(output.WrittenSpan)}");
        return client!;
    }

    /// <summary>client_new's answer without asserting success, for option-validation cases.</summary>
    public static Outcome TryCreateClient(string optionsJson, out LiteLlmClient? client)
    {
        using var output = new PooledBuffer();
        var status = LiteLlmApi.CreateClient(Encoding.UTF8.GetBytes(optionsJson), hasOptions: true, output, out client);
        return new Outcome(status, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    public static Outcome Generate(LiteLlmClient client, string requestJson) => Generate(client, Encoding.UTF8.GetBytes(requestJson));

    public static Outcome Generate(LiteLlmClient client, byte[] request)
    {
        using var output = new PooledBuffer();
        var status = LiteLlmApi.Generate(client, request, output);
        return Checked(status, Encoding.UTF8.GetString(output.WrittenSpan), run: false);
    }

    /// <summary>An outcome whose document keeps the contract in docs/schema.</summary>
    private static Outcome Checked(LiteLlmStatus status, string json, bool run)
    {
        DocumentSchemas.AssertValid(status, json, run);
        return new Outcome(status, json);
    }

    /// <summary>The same call through the asynchronous API: started, then waited for (on_done's document).</summary>
    public static Outcome GenerateAsync(LiteLlmClient client, string requestJson)
    {
        var done = new System.Threading.Tasks.TaskCompletionSource<Outcome>();
        LiteLlmApi.StartGenerate(client, Encoding.UTF8.GetBytes(requestJson), null,
            (status, document) => done.TrySetResult(new Outcome(status, Encoding.UTF8.GetString(document.WrittenSpan))));
        Assert.True(done.Task.Wait(TimeSpan.FromSeconds(60)), "on_done never ran");
        return Checked(done.Task.Result.Status, done.Task.Result.Json, run: false);
    }

    public static Outcome Run(LiteLlmClient client, byte[] request)
    {
        using var output = new PooledBuffer();
        var status = LiteLlmApi.Run(client, request, output);
        return Checked(status, Encoding.UTF8.GetString(output.WrittenSpan), run: true);
    }

    /// <summary>Streams, counting events without keeping them (a huge stream must not be kept by the test).</summary>
    public static (Outcome Outcome, int Events) StreamCounting(LiteLlmClient client, byte[] request)
    {
        int events = 0;
        using var output = new PooledBuffer();
        var status = LiteLlmApi.GenerateStream(client, request, _ =>
        {
            events++;
            return true;
        }, output);
        return (new Outcome(status, Encoding.UTF8.GetString(output.WrittenSpan)), events);
    }

    public static Outcome Stream(LiteLlmClient client, string requestJson) =>
        StreamCounting(client, Encoding.UTF8.GetBytes(requestJson)).Outcome;
}

/// <summary>The shape every answer of the library must have, whatever went wrong (docs/abi.md, docs/documents.md#error-document).</summary>
internal static class Contract
{
    /// <summary>
    /// Fails unless <paramref name="outcome"/> has a status of the enum other than internal and a
    /// document that parses: an error document whose kind names the status, or for OK an answer.
    /// Returns the error kind ("ok" for success).
    /// </summary>
    public static string AssertWellFormed(Outcome outcome, string context, string okField = "content")
    {
        Assert.True(Enum.IsDefined(outcome.Status), $"{context}: status {(int)outcome.Status} is not in the enum; {Cut(outcome.Json)}");
        Assert.True(outcome.Status != LiteLlmStatus.Internal, $"{context}: internal error: {Cut(outcome.Json)}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(outcome.Json);
        }
        catch (JsonException e)
        {
            Assert.Fail($"{context}: {outcome.Status} with a document that is not JSON ({e.Message}): {Cut(outcome.Json)}");
            throw;
        }

        using (document)
        {
            var root = document.RootElement;
            Assert.True(root.ValueKind == JsonValueKind.Object, $"{context}: the document is not an object: {Cut(outcome.Json)}");
            if (outcome.Status == LiteLlmStatus.Ok)
            {
                Assert.False(root.TryGetProperty("error", out _), $"{context}: OK with an error document: {Cut(outcome.Json)}");
                Assert.True(root.TryGetProperty(okField, out _), $"{context}: OK without \"{okField}\": {Cut(outcome.Json)}");
                return "ok";
            }

            Assert.True(root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object,
                $"{context}: {outcome.Status} without an error object: {Cut(outcome.Json)}");
            string? kind = error.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            Assert.True(kind == outcome.Status.ToKind(), $"{context}: status {outcome.Status} but kind \"{kind}\": {Cut(outcome.Json)}");
            Assert.True(error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String && m.GetString()!.Length > 0,
                $"{context}: error without a message: {Cut(outcome.Json)}");
            return kind!;
        }
    }

    public static string Cut(string text, int max = 600) => text.Length <= max ? text : text[..max] + $"… ({text.Length} chars)";

    /// <summary>The partial_content of an error document, or null when absent or null.</summary>
    public static string? PartialContent(Outcome outcome) =>
        outcome.Error.TryGetProperty("partial_content", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}

/// <summary>Counts per key, printed sorted, for the summaries the randomised tests write.</summary>
internal sealed class Tally
{
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string key)
    {
        lock (_counts)
        {
            _counts[key] = _counts.TryGetValue(key, out int n) ? n + 1 : 1;
        }
    }

    public int this[string key]
    {
        get { lock (_counts) return _counts.TryGetValue(key, out int n) ? n : 0; }
    }

    public override string ToString()
    {
        lock (_counts)
        {
            var parts = new List<string>();
            foreach (var (key, n) in _counts) parts.Add($"{key}={n}");
            return string.Join(", ", parts);
        }
    }
}

/// <summary>Managed heap and working set around an action, with the managed peak sampled while it runs.</summary>
internal readonly record struct MemoryFigures(long HeapBefore, long HeapPeak, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter)
{
    public long HeapGrowth => HeapAfter - HeapBefore;
    public long PeakGrowth => HeapPeak - HeapBefore;
    public long WorkingSetGrowth => WorkingSetAfter - WorkingSetBefore;

    public static MemoryFigures Measure(Action action)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long wsBefore = Environment.WorkingSet;
        long peak = before;
        using var stop = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!stop.Wait(2))
            {
                long now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
            }
        }) { IsBackground = true, Name = "memory sampler" };
        sampler.Start();
        try
        {
            action();
        }
        finally
        {
            stop.Set();
            sampler.Join();
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        long wsAfter = Environment.WorkingSet;
        return new MemoryFigures(before, Math.Max(peak, after), after, wsBefore, wsAfter);
    }

    public override string ToString() =>
        $"managed heap {Mb(HeapBefore)} -> peak {Mb(HeapPeak)} -> after GC {Mb(HeapAfter)} (retained {Mb(HeapGrowth)}, peak growth {Mb(PeakGrowth)}); " +
        $"working set {Mb(WorkingSetBefore)} -> {Mb(WorkingSetAfter)}";

    public static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";
}

internal static class Timed
{
    public static (T Value, long Ms) Run<T>(Func<T> f)
    {
        var sw = Stopwatch.StartNew();
        T value = f();
        return (value, sw.ElapsedMilliseconds);
    }
}
