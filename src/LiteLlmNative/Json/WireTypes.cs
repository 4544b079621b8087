using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

// What an OpenAI-compatible server answers. Unknown members are skipped: servers add fields.

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
    /// <summary>Usually a string or null; some providers answer with an array of parts (see <see cref="ContentText"/>).</summary>
    [JsonPropertyName("content")] public JsonElement Content { get; set; }
    [JsonPropertyName("tool_calls")] public List<WireToolCall?>? ToolCalls { get; set; }
}

internal sealed class WireToolCall
{
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public WireFunction? Function { get; set; }
}

internal sealed class WireFunction
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}

internal sealed class WireUsage
{
    [JsonPropertyName("prompt_tokens")] public long? PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public long? CompletionTokens { get; set; }
}

/// <summary>The <c>{"error": {…}}</c> envelope of OpenAI and LiteLLM.</summary>
internal sealed class WireErrorEnvelope
{
    [JsonPropertyName("error")] public WireError? Error { get; set; }
}

internal sealed class WireError
{
    [JsonPropertyName("message")] public JsonElement Message { get; set; }
    [JsonPropertyName("type")] public JsonElement Type { get; set; }
    /// <summary>A number or a string, depending on the server.</summary>
    [JsonPropertyName("code")] public JsonElement Code { get; set; }
}
