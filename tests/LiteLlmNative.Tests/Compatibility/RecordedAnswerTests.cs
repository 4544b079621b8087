using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Compatibility;

/// <summary>
/// The compatibility suite: every answer in tests/FakeServer/Fixtures (what LiteLLM's proxy,
/// OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp's server, Groq and OpenRouter send, written
/// from their documentation) replayed through the library, each compared with the whole
/// document its file expects (docs/documents.md#generate-response), events included; and
/// each answer's message sent back in a next turn, arriving unchanged.
/// </summary>
public sealed class RecordedAnswerTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public RecordedAnswerTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    public static IEnumerable<object[]> Names() => RecordedAnswer.All().Select(a => new object[] { a.Name });

    public static IEnumerable<object[]> Answered() =>
        RecordedAnswer.All().Where(a => a.Expect.TryGetProperty("response", out _)).Select(a => new object[] { a.Name });

    [Fact]
    public void Every_provider_of_the_suite_has_whole_and_streamed_answers_each_citing_its_sources()
    {
        var all = RecordedAnswer.All();
        string[] providers = ["LiteLLM proxy", "OpenAI", "Azure OpenAI", "vLLM", "Ollama (OpenAI-compatible endpoint)", "llama.cpp server", "Groq", "OpenRouter"];
        foreach (string provider in providers)
        {
            var theirs = all.Where(a => a.Provider == provider).ToList();
            Assert.True(theirs.Any(a => a.IsStream) && theirs.Any(a => !a.IsStream), $"{provider}: a whole and a streamed answer");
        }
        Assert.Empty(all.Where(a => !providers.Contains(a.Provider)).Select(a => a.Name));
        foreach (var answer in all)
        {
            Assert.True(answer.Sources.Count > 0 && answer.Sources.All(s => s.StartsWith("https://", StringComparison.Ordinal)), $"{answer.Name} cites its sources");
        }
        Assert.Contains(all, a => a.Request.ValueKind == JsonValueKind.Object && a.Request.TryGetProperty("tools", out _) && a.IsStream);
        Assert.Contains(all, a => a.Expect.TryGetProperty("response", out var r) && r.GetProperty("reasoning_content").ValueKind == JsonValueKind.String && a.IsStream);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_recorded_answer_gives_the_whole_document_it_expects(string name)
    {
        var answer = RecordedAnswer.Load(name);
        var (outcome, events) = Replay(answer);
        var expect = answer.Expect;
        if (expect.TryGetProperty("error", out _))
        {
            AssertSameJson(JsonNode.Parse(expect.GetRawText())!, JsonNode.Parse(outcome.Json)!, name);
            return;
        }
        outcome.AssertOk();
        AssertSameJson(expect.GetProperty("response"), WithoutLatency(outcome.Doc), name);
        if (!answer.IsStream) return;
        // The events, in order; the last is done and carries the same document.
        var done = events[^1];
        Assert.Equal("done", done.GetProperty("type").GetString());
        AssertSameJson(expect.GetProperty("response"), WithoutLatency(done.GetProperty("response")), name + " (done)");
        var others = new JsonArray(events.Take(events.Count - 1).Select(e => JsonNode.Parse(e.GetRawText())).ToArray());
        AssertSameJson(JsonNode.Parse(expect.GetProperty("events").GetRawText())!, others, name + " (events)");
    }

    [Theory]
    [MemberData(nameof(Answered))]
    public void The_message_of_a_recorded_answer_goes_back_in_the_next_turn_unchanged(string name)
    {
        var answer = RecordedAnswer.Load(name);
        var response = Replay(answer).Outcome.AssertOk().Doc;
        var message = response.GetProperty("message");
        // The next turn: the question, the answer's message as it came, a result for each tool call.
        var messages = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = "Hi" }, JsonNode.Parse(message.GetRawText()) };
        foreach (var call in response.GetProperty("tool_calls").EnumerateArray())
        {
            messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = call.GetProperty("id").GetString(), ["content"] = "{\"temp\":21}" });
        }
        var request = new JsonObject { ["model"] = "compat-model", ["messages"] = messages };
        _server.Enqueue(FakeResponse.Completion("next"));
        _client.Generate(request.ToJsonString()).AssertOk();
        using var sent = _server.Requests[^1].BodyJson();
        var sentMessage = sent.RootElement.GetProperty("messages")[1];
        // Equal in meaning: tool_calls null or [] is no tool calls, and is not sent (OpenAI refuses an empty list).
        var expected = JsonNode.Parse(message.GetRawText())!.AsObject();
        if (expected["tool_calls"] is null or JsonArray { Count: 0 }) expected.Remove("tool_calls");
        AssertSameJson(expected, JsonNode.Parse(sentMessage.GetRawText())!, name + " (message sent back)");
    }

    /// <summary>The answer replayed through the call its shape asks for (a stream for events).</summary>
    internal (Outcome Outcome, List<JsonElement> Events) Replay(RecordedAnswer answer)
    {
        _server.Enqueue(answer.ToResponse());
        var request = new JsonObject
        {
            ["model"] = "compat-model",
            ["messages"] = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = "Hi" } },
        };
        if (answer.Request.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in answer.Request.EnumerateObject()) request[member.Name] = JsonNode.Parse(member.Value.GetRawText());
        }
        string json = request.ToJsonString();
        return answer.IsStream ? _client.Stream(json) : (_client.Generate(json), new List<JsonElement>());
    }

    /// <summary>The document without latency_ms, the one member that depends on the clock (checked to be a number first).</summary>
    internal static JsonNode WithoutLatency(JsonElement doc)
    {
        Assert.True(doc.GetProperty("latency_ms").GetDouble() >= 0);
        var node = JsonNode.Parse(doc.GetRawText())!.AsObject();
        node.Remove("latency_ms");
        return node;
    }

    private static void AssertSameJson(JsonElement expected, JsonNode actual, string what) =>
        AssertSameJson(JsonNode.Parse(expected.GetRawText())!, actual, what);

    private static void AssertSameJson(JsonNode expected, JsonNode actual, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what}:\nexpected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
}
