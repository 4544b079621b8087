using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Transport;

/// <summary>
/// A stream cut at every byte offset, by FIN and by RST. A cut stream is a network failure that
/// keeps what was delivered (docs/abi.md#streaming, docs/documents.md#error-document), never a success with less content, never another
/// status, never a hang.
/// </summary>
public sealed class SseCutTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;
    private readonly ITestOutputHelper _out;

    public SseCutTests(ITestOutputHelper output)
    {
        _out = output;
        _client = new TestClient(_server, maxRetries: 0, timeoutMs: 5000);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static string Chunk(string content, string? finish = null) =>
        $$"""{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(content, LiteLlmJsonContext.Default.String)}}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""";

    private const string Usage = """{"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3}}""";

    // Five events and [DONE]: three deltas (one with a two-byte character), the finish, usage.
    private static readonly (string Payload, string Content)[] Events =
    [
        (Chunk("Hel"), "Hel"), (Chunk("lo"), "lo"), (Chunk(" wörld"), " wörld"), (Chunk("", "stop"), ""), (Usage, ""),
    ];

    private const string Full = "Hello wörld";
    private const int FinishEvent = 3;

    /// <summary>Byte offsets of one event in the body: where its data line ends (before the LF) and where the event ends (after the blank line).</summary>
    private readonly record struct EventSpan(int LineEnd, int End, string Content);

    private static List<EventSpan> Spans(byte[] body)
    {
        var spans = new List<EventSpan>();
        int at = 0;
        for (int k = 0; k <= Events.Length; k++) // the last one is [DONE]
        {
            int lineEnd = Array.IndexOf(body, (byte)'\n', at);
            Assert.Equal((byte)'\n', body[lineEnd + 1]);
            spans.Add(new EventSpan(lineEnd, lineEnd + 2, k < Events.Length ? Events[k].Content : ""));
            at = lineEnd + 2;
        }

        Assert.Equal(body.Length, at);
        return spans;
    }

    [Fact]
    public void Sse_cut_at_every_byte_offset_is_ok_only_after_the_finish_bad_response_before_any_event_and_otherwise_network_with_a_prefix()
    {
        byte[] body = FakeResponse.SseBody(Events.Select(e => e.Payload));
        var spans = Spans(body);
        int finishLineEnd = spans[FinishEvent].LineEnd; // the finish chunk's JSON is complete here
        int finishEnd = spans[FinishEvent].End;         // …and its event is closed by the blank line here
        _out.WriteLine($"body {body.Length} bytes; events end at {string.Join(", ", spans.Select(s => s.End))}; finish JSON complete at {finishLineEnd}, finish event closed at {finishEnd}");

        // One whole stream first, untimed: the first call of a process pays for JIT and connecting.
        _server.Enqueue(FakeResponse.Sse(Events.Select(e => e.Payload)));
        Assert.Equal(Full, _client.Stream(Requests.Hello()).Outcome.AssertOk().Doc.GetProperty("content").GetString());

        var tally = new Tally();
        var violations = new List<string>();
        var badOffsets = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        long slowest = 0;
        string slowestAt = "";
        foreach (var mode in new[] { CutMode.Fin, CutMode.Reset })
        {
            for (int cut = 0; cut <= body.Length; cut++)
            {
                _server.Enqueue(FakeResponse.SseCutAt(body, cut, mode));
                var sw = Stopwatch.StartNew();
                var (outcome, _) = _client.Stream(Requests.Hello());
                long ms = sw.ElapsedMilliseconds;
                if (ms > slowest) (slowest, slowestAt) = (ms, $"{mode} cut={cut}");
                tally.Add($"{mode}:{outcome.Status}");
                string? problem = Check(outcome, mode, cut, spans, finishLineEnd, finishEnd, ms);
                if (problem is not null)
                {
                    string near = Encoding.UTF8.GetString(body, Math.Max(0, cut - 12), Math.Min(12, cut)).Replace("\n", "\\n");
                    violations.Add($"{mode} cut={cut} (after \"…{near}\"): {problem}");
                    string key = $"{mode} -> {outcome.Status}";
                    if (!badOffsets.TryGetValue(key, out var list)) badOffsets[key] = list = new List<int>();
                    list.Add(cut);
                }
            }
        }

        _out.WriteLine($"outcomes: {tally}; slowest call {slowest} ms ({slowestAt})");
        _out.WriteLine($"{violations.Count} violations");
        foreach (var (key, offsets) in badOffsets) _out.WriteLine($"  {key} at offsets {Ranges(offsets)}");
        foreach (var v in violations.Take(20)) _out.WriteLine(v);
        Assert.True(violations.Count == 0, $"{violations.Count} cuts misbehaved, first ones:\n" + string.Join("\n", violations.Take(12)));
    }

    private static string Ranges(List<int> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }

    /// <summary>Null when the outcome is one the contract allows for this cut, else why not.</summary>
    private static string? Check(Outcome outcome, CutMode mode, int cut, List<EventSpan> spans, int finishLineEnd, int finishEnd, long ms)
    {
        if (ms > 2000) return $"took {ms} ms";
        string kind;
        try
        {
            kind = Contract.AssertWellFormed(outcome, "cut");
        }
        catch (Exception e)
        {
            return e.Message;
        }

        // What a client has seen at this cut: events closed by their blank line (strict SSE),
        // or also an event whose data line is complete but not yet closed (lenient at EOF).
        string strict = string.Concat(spans.Where(s => s.End <= cut).Select(s => s.Content));
        string lenient = string.Concat(spans.Where(s => s.LineEnd <= cut).Select(s => s.Content));

        // A clean end before any event is an empty 2xx stream: bad_response, never an empty
        // success (with the first event's data line complete, reading it at the end is allowed).
        if (mode == CutMode.Fin && cut < spans[0].End && outcome.Status == LiteLlmStatus.BadResponse)
        {
            return outcome.ErrorMessage.Contains("before any chunk", StringComparison.Ordinal) ? null : $"bad_response of another kind: {outcome.ErrorMessage}";
        }
        if (mode == CutMode.Fin && cut < spans[0].LineEnd)
            return $"{outcome.Status} although the stream ended before its first event: {Contract.Cut(outcome.Json, 300)}";

        if (outcome.Status == LiteLlmStatus.Ok)
        {
            string content = outcome.Doc.GetProperty("content").GetString()!;
            if (content != Full) return $"OK with content \"{content}\"";
            if (cut < finishLineEnd) return $"OK although the finish chunk had not arrived: {Contract.Cut(outcome.Json, 200)}";
            return null;
        }

        if (outcome.Status != LiteLlmStatus.Network)
            return $"{outcome.Status} ({kind}): {Contract.Cut(outcome.Json, 400)}";

        // A FIN after the finish event has been closed leaves nothing missing: that must succeed.
        if (mode == CutMode.Fin && cut >= finishEnd)
            return $"network although the stream was complete up to its finish: {Contract.Cut(outcome.Json, 300)}";

        string partial = Contract.PartialContent(outcome) ?? "";
        if (!Full.StartsWith(partial, StringComparison.Ordinal)) return $"partial_content \"{partial}\" is not a prefix of \"{Full}\"";
        if (mode == CutMode.Fin && partial != strict && partial != lenient)
            return $"partial_content \"{partial}\", expected \"{strict}\" or \"{lenient}\"";
        if (mode == CutMode.Reset && partial.Length > lenient.Length)
            return $"partial_content \"{partial}\" holds more than had been sent (\"{lenient}\")";
        return null;
    }
}
