using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Json;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Provider;

/// <summary>What an answer says, whichever way it came (whole, streamed or mocked).</summary>
internal sealed class ResponseParts
{
    public Utf8Text Content { get; init; } = Utf8Text.Empty;
    public List<ToolCallDocument>? ToolCalls { get; init; }
    public Utf8Text? ReasoningContent { get; init; }
    public RawJson? ThinkingBlocks { get; init; }
    /// <summary>The assistant message; null: one made of the content alone.</summary>
    public RawJson? Message { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CachedTokens { get; init; }
    public long CacheCreationTokens { get; init; }
    public long ReasoningTokens { get; init; }
    /// <summary>usage.cost of the body or the last chunk; the cost header, when sent, wins over it.</summary>
    public double? CostUsd { get; init; }
    public string? Model { get; init; }
    public string? Id { get; init; }
    public string? FinishReason { get; init; }
}

/// <summary>
/// The one place a response document is made, whether the answer came whole, streamed or
/// mocked: a new field is set here once. What only the transport knows (headers, attempts,
/// latency) is added by <see cref="ChatResponseReader.Complete"/> and the callers' timing.
/// </summary>
internal static class ResponseFactory
{
    public static GenerateResponseDocument Create(ResponseParts parts) => new()
    {
        Content = parts.Content,
        ToolCalls = parts.ToolCalls ?? new List<ToolCallDocument>(),
        ReasoningContent = parts.ReasoningContent,
        ThinkingBlocks = parts.ThinkingBlocks,
        Message = parts.Message ?? TextMessage(parts.Content),
        InputTokens = System.Math.Max(0, parts.InputTokens),
        OutputTokens = System.Math.Max(0, parts.OutputTokens),
        CachedTokens = System.Math.Max(0, parts.CachedTokens),
        CacheCreationTokens = System.Math.Max(0, parts.CacheCreationTokens),
        ReasoningTokens = System.Math.Max(0, parts.ReasoningTokens),
        CostUsd = parts.CostUsd,
        Model = parts.Model,
        Id = parts.Id,
        FinishReason = parts.FinishReason,
        StopReason = StopReason.FromFinishReason(parts.FinishReason),
    };

    /// <summary>The message of a response that was asked not to keep it (a run's: never written in a document).</summary>
    public static readonly RawJson MessageNotKept = RawJson.Copy("{}"u8);

    /// <summary>LiteLLM's <c>mock_response</c>: the canned text, as a finished answer of the requested model.</summary>
    public static GenerateResponseDocument Mocked(string content, string model) =>
        Create(new ResponseParts { Content = content, Model = model, FinishReason = "stop" }); // attempts: 0

    /// <summary><c>{"role":"assistant","content":…}</c>: the message of an answer that is only text.</summary>
    private static RawJson TextMessage(Utf8Text content)
    {
        using var buffer = new PooledBuffer(64 + content.Utf8.Length);
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("role", "assistant");
            w.WritePropertyName("content");
            Utf8TextConverter.WriteUtf8(w, content.Utf8);
            w.WriteEndObject();
        }
        return RawJson.Copy(buffer.WrittenSpan);
    }
}
