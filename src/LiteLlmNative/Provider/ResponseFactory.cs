using System.Collections.Generic;
using LiteLlmNative.Json;

namespace LiteLlmNative.Provider;

/// <summary>
/// The one place a response document is made, whether the answer came whole, streamed or
/// mocked: a new field is set here once. What only the transport knows (headers, attempts,
/// latency) is added by <see cref="ChatResponseReader.Complete"/> and the callers' timing.
/// </summary>
internal static class ResponseFactory
{
    public static GenerateResponseDocument Create(
        Utf8Text content, List<ToolCallDocument>? toolCalls, long inputTokens, long outputTokens, string model, string? finishReason) => new()
    {
        Content = content,
        ToolCalls = toolCalls ?? new List<ToolCallDocument>(),
        InputTokens = System.Math.Max(0, inputTokens),
        OutputTokens = System.Math.Max(0, outputTokens),
        Model = model,
        FinishReason = finishReason,
        StopReason = StopReason.FromFinishReason(finishReason),
    };

    /// <summary>LiteLLM's <c>mock_response</c>: the canned text, as a finished answer of the requested model.</summary>
    public static GenerateResponseDocument Mocked(string content, string model) => Create(content, null, 0, 0, model, "stop"); // attempts: 0
}
