using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

// The events litellm_generate_stream hands to its callback (docs/documents.md#stream-events), one JSON object each.

internal sealed class DeltaEvent
{
    [JsonPropertyName("type")] public string Type => "delta";
    [JsonPropertyName("content")] public Utf8Text Content { get; set; } = Utf8Text.Empty;
}

internal sealed class ReasoningDeltaEvent
{
    [JsonPropertyName("type")] public string Type => "reasoning_delta";
    [JsonPropertyName("content")] public Utf8Text Content { get; set; } = Utf8Text.Empty;
}

internal sealed class ToolCallDeltaEvent
{
    [JsonPropertyName("type")] public string Type => "tool_call_delta";
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string Arguments { get; set; } = "";
}

internal sealed class DoneEvent
{
    [JsonPropertyName("type")] public string Type => "done";
    [JsonPropertyName("response")] public GenerateResponseDocument Response { get; set; } = new();
}
