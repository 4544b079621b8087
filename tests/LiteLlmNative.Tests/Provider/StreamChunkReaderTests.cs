using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlmNative.Json;
using LiteLlmNative.Provider;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Provider;

/// <summary>
/// The stream's own chunk reader against the serializer's reading of the same text into
/// <see cref="WireChatCompletion"/> (what it replaced): the same chunks accepted and refused,
/// the same fields read, on hand-written cases and on thousands of mutations.
/// </summary>
public sealed class StreamChunkReaderTests
{
    private static readonly string[] Cases =
    {
        """{"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"whole","tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}""",
        """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"t7 "},"finish_reason":null}]}""",
        """{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""",
        """{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":20,"total_tokens":25}}""",
        """{"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3}}""",
        """{"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"a"},{"text":"b","text":"c"},{"type":"image"},7]}}]}""",
        """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"ci"}}]}}]}""",
        """{"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}},null]}""",
        """{"choices":null,"usage":null,"model":null,"id":null}""",
        """{"error":{"message":"boom","code":"500"}}""",
        """{"error":null,"choices":[{"delta":{"content":"no index"}}]}""",
        """{"model":"a","model":"b","choices":[{"delta":{"content":"x"}}],"choices":[{"delta":{"content":"y"}}]}""",
        """{"choices":[{"index":0,"delta":{"content":"\u00e9\ud83d\ude00"}}]}""",
        """{"choices":[{"index":0,"delta":{"content":null}}],"extra":{"deep":[1,2,{"x":null}]}}""",
        """{"id":"r","choices":[{"index":0,"delta":{"reasoning_content":"think","reasoning":7,"thinking_blocks":[{"type":"thinking","thinking":"t"}],"refusal":null}}],"usage":{"prompt_tokens":3,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":"x"},"cache_creation_input_tokens":4,"cache_read_input_tokens":-1,"cost":0.25}}""",
        """{"choices":[{"index":0,"message":{"role":"assistant","content":"a","reasoning":"r","thinking_blocks":{}}}],"usage":{"cost":"1","prompt_tokens_details":null}}""",
        """null""",
        // refused, by both
        """[]""",
        """{"choices":{}}""",
        """{"choices":[{"index":"0"}]}""",
        """{"choices":[{"index":1.5}]}""",
        """{"model":5}""",
        """{"id":7}""",
        """{"usage":{"prompt_tokens":"5"}}""",
        """{"usage":[]}""",
        """{"error":"flat"}""",
        """{"choices":[{"delta":{"role":3}}]}""",
        """{"choices":[{"delta":"text"}]}""",
        """{"choices":[{"finish_reason":1}]}""",
        """{"choices":[{"delta":{"tool_calls":{}}}]}""",
        """{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":{}}}]}}]}""",
        """{"choices":[]} x""",
        """{"choices":[]""",
        "",
        """{"choices":[{"index":0,"delta":{"content":"\ud800"}}]}""",
    };

    [Fact]
    public void Hand_written_chunks_read_as_the_serializer_reads_them()
    {
        foreach (string text in Cases) AssertSame(Encoding.UTF8.GetBytes(text), text);
    }

    [Fact]
    public void Mutated_chunks_are_accepted_refused_and_read_as_the_serializer_does()
    {
        var mutator = new Mutator(new Random(20261201));
        int refused = 0;
        for (int i = 0; i < 4000; i++)
        {
            string seed = Cases[i % 17];
            byte[] mutated = mutator.Mutate(seed, out string what);
            if (!AssertSame(mutated, $"{what} of {seed} -> {Encoding.UTF8.GetString(mutated)}")) refused++;
        }
        Assert.InRange(refused, 100, 3900); // the mutations exercise both sides
    }

    [Fact]
    public void The_previous_model_string_is_reused_when_the_text_is_the_same()
    {
        var reader = new StreamChunkReader();
        string previous = "gpt-4o";
        reader.Read("""{"model":"gpt-4o","choices":[]}"""u8, previous);
        Assert.Same(previous, reader.Model);
        reader.Read("""{"model":"gpt-4o-mini","choices":[]}"""u8, previous);
        Assert.Equal("gpt-4o-mini", reader.Model);
    }

    /// <summary>
    /// True when both accepted it (and read the same), false when both refused it. A refusal
    /// is a refusal whatever its exception: the stream reports either as bad_response.
    /// </summary>
    private static bool AssertSame(byte[] json, string label)
    {
        WireChatCompletion? wire = null;
        Type? wireFailure = null;
        var texts = new List<string>();
        var messageTexts = new List<string>();
        var reasoning = new List<(string ReasoningContent, string Reasoning)>();
        try
        {
            wire = JsonSerializer.Deserialize(json, WireTestContext.Default.WireChatCompletion);
            // The stream applied each choice's text as it mapped it (a bad escape refuses it).
            foreach (var choice in wire?.Choices ?? new List<WireChoice?>())
            {
                if (choice is null) continue;
                texts.Add(choice.Delta is { } d ? ContentText.FromElement(d.Content) : "");
                reasoning.Add((Lenient(choice.Delta?.ReasoningContent), Lenient(choice.Delta?.Reasoning)));
                messageTexts.Add(choice.Message is { } msg ? ContentText.FromElement(msg.Content) : "");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            wireFailure = typeof(Exception);
        }
        var reader = new StreamChunkReader();
        Type? ownFailure = null;
        try
        {
            reader.Read(json, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            ownFailure = typeof(Exception);
        }
        Assert.True(wireFailure == ownFailure, $"{label}: serializer {(wireFailure is null ? "accepts" : "refuses")}, reader {(ownFailure is null ? "accepts" : "refuses")}");
        if (wireFailure is not null) return false;
        Assert.Equal(wire is not null, reader.Present);
        if (wire is null) return true;
        Assert.True(wire.Error is not null == reader.HasError, label);
        Assert.True(wire.Model == reader.Model, label);
        Assert.True(wire.Usage is not null == reader.HasUsage, label);
        Assert.True(wire.Usage?.PromptTokens == reader.PromptTokens && wire.Usage?.CompletionTokens == reader.CompletionTokens, label);
        Assert.True(wire.Id == reader.Id, label);
        var u = reader.Usage;
        Assert.True(Count(Member(wire.Usage?.PromptTokensDetails, "cached_tokens")) == u.CachedTokens, $"{label}: cached_tokens");
        Assert.True(Count(Member(wire.Usage?.CompletionTokensDetails, "reasoning_tokens")) == u.ReasoningTokens, $"{label}: reasoning_tokens");
        Assert.True(Count(wire.Usage?.CacheReadInputTokens) == u.CacheReadTokens && Count(wire.Usage?.CacheCreationInputTokens) == u.CacheCreationTokens, $"{label}: cache tokens");
        Assert.True(Cost(wire.Usage?.Cost) == u.Cost, $"{label}: cost");
        var choices = (wire.Choices ?? new List<WireChoice?>()).Where(c => c is not null).ToList();
        Assert.True(choices.Count == reader.ChoiceCount, $"{label}: {choices.Count} vs {reader.ChoiceCount} choices");
        for (int i = 0; i < choices.Count; i++)
        {
            var (a, b) = (choices[i]!, reader.Choice(i));
            Assert.True(a.Index == b.Index && a.FinishReason == b.FinishReason && (a.Delta is not null) == b.HasDelta, label);
            Assert.True(texts[i] == b.Content, $"{label}: content '{texts[i]}' vs '{b.Content}'");
            Assert.True((a.Delta?.ToolCalls?.Count ?? -1) == (b.ToolCalls?.Count ?? -1), label);
            Assert.True((a.Message is not null) == b.HasMessage && messageTexts[i] == b.MessageText(json).ToString(), $"{label}: message");
            Assert.True((a.Message?.ToolCalls?.Count ?? -1) == (b.MessageToolCalls?.Count ?? -1), label);
            Assert.True(reasoning[i] == (b.ReasoningContent, b.Reasoning), $"{label}: reasoning");
            Assert.True((a.Message?.ReasoningContent.ValueKind == JsonValueKind.String) == b.MessageReasoningContent.IsPresent
                && (a.Message?.Reasoning.ValueKind == JsonValueKind.String) == b.MessageReasoning.IsPresent
                && (a.Message?.ThinkingBlocks.ValueKind == JsonValueKind.Array) == b.MessageThinkingBlocks.IsPresent
                && (a.Delta?.ThinkingBlocks.ValueKind == JsonValueKind.Array) == b.DeltaThinkingBlocks.IsPresent, $"{label}: reasoning members");
        }
        return true;
    }

    // The lenient members: a value of another type is no value.
    private static string Lenient(JsonElement? text) => text is { ValueKind: JsonValueKind.String } t ? t.GetString()! : "";

    private static JsonElement? Member(JsonElement? obj, string name) =>
        obj is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) ? v : null;

    private static long? Count(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out long n) && n >= 0 ? n : null;

    private static double? Cost(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out double d) && double.IsFinite(d) && d >= 0 ? d : null;
}

/// <summary>The serializer's reading of the wire shapes, kept here only to check the library's own reader against it.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(WireChatCompletion))]
internal sealed partial class WireTestContext : System.Text.Json.Serialization.JsonSerializerContext
{
}

// The serializer's shapes of a completion and a chunk: the reference StreamChunkReader is
// checked against (the library itself no longer deserializes them).
internal sealed class WireChatCompletion
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("choices")] public List<WireChoice?>? Choices { get; set; }
    [JsonPropertyName("usage")] public WireUsage? Usage { get; set; }
    [JsonPropertyName("error")] public WireError? Error { get; set; }
}

internal sealed class WireChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("message")] public WireMessage? Message { get; set; }
    [JsonPropertyName("delta")] public WireMessage? Delta { get; set; }
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
}

internal sealed class WireMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    /// <summary>Usually a string or null; some providers answer with an array of parts (see ContentText).</summary>
    [JsonPropertyName("content")] public JsonElement Content { get; set; }
    [JsonPropertyName("tool_calls")] public List<WireToolCall?>? ToolCalls { get; set; }
    [JsonPropertyName("reasoning_content")] public JsonElement ReasoningContent { get; set; }
    [JsonPropertyName("reasoning")] public JsonElement Reasoning { get; set; }
    [JsonPropertyName("thinking_blocks")] public JsonElement ThinkingBlocks { get; set; }
}

internal sealed class WireUsage
{
    [JsonPropertyName("prompt_tokens")] public long? PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public long? CompletionTokens { get; set; }
    [JsonPropertyName("prompt_tokens_details")] public JsonElement PromptTokensDetails { get; set; }
    [JsonPropertyName("completion_tokens_details")] public JsonElement CompletionTokensDetails { get; set; }
    [JsonPropertyName("cache_read_input_tokens")] public JsonElement CacheReadInputTokens { get; set; }
    [JsonPropertyName("cache_creation_input_tokens")] public JsonElement CacheCreationInputTokens { get; set; }
    [JsonPropertyName("cost")] public JsonElement Cost { get; set; }
}
