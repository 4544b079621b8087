namespace LiteLlmNative.Provider;

/// <summary>OpenAI's <c>finish_reason</c> in the seeds' vocabulary (docs/documents.md#generate-response).</summary>
internal static class StopReason
{
    public static string FromFinishReason(string? finishReason) => finishReason switch
    {
        "tool_calls" or "function_call" => "tool_use",
        "length" => "max_tokens",
        "content_filter" => "content_filter",
        _ => "end_turn", // "stop", absent, or a value we do not know
    };
}
