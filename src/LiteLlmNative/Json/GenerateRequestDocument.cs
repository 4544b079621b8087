using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>The <c>litellm_generate</c> request as the host writes it (docs/documents.md#generate-request).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class GenerateRequestDocument
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("messages")] public List<MessageDocument?>? Messages { get; set; }
    [JsonPropertyName("system")] public string? System { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    /// <summary>OpenAI's current name for max_tokens; one of the two may be given.</summary>
    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("stop")] public JsonElement Stop { get; set; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    [JsonPropertyName("tools")] public List<ToolDocument?>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement ToolChoice { get; set; }
    [JsonPropertyName("response_format")] public JsonElement ResponseFormat { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("metadata")] public JsonElement Metadata { get; set; }
    [JsonPropertyName("extra_body")] public JsonElement ExtraBody { get; set; }
    [JsonPropertyName("mock_response")] public string? MockResponse { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
    [JsonPropertyName("timeout_ms")] public long? TimeoutMs { get; set; }
    [JsonPropertyName("idle_timeout_ms")] public long? IdleTimeoutMs { get; set; }
    [JsonPropertyName("max_retries")] public int? MaxRetries { get; set; }
}

/// <summary>
/// A message. Its other members are kept: an assistant message sends them on unchanged (a
/// server's reasoning, thinking blocks, provider fields), any other role refuses them.
/// </summary>
internal sealed class MessageDocument
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    /// <summary>A string, an array of content parts (passed through), or null.</summary>
    [JsonPropertyName("content")] public JsonElement Content { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
    [JsonPropertyName("tool_calls")] public List<ToolCallDocument?>? ToolCalls { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Others { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class ToolDocument
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement Parameters { get; set; }
}

/// <summary>
/// A tool call as returned in a response (<c>id</c>, <c>name</c>, <c>arguments</c>) and as
/// given back in an assistant message: in that shape, or in OpenAI's (<c>type</c>,
/// <c>function</c>, as a response's <c>message</c> has it), other members sent on unchanged.
/// What only a request has is never written in a response.
/// </summary>
internal sealed class ToolCallDocument
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary>Parsed JSON when the model produced valid JSON, else the raw string.</summary>
    [JsonPropertyName("arguments")] public JsonElement Arguments { get; set; }
    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; set; }
    /// <summary>OpenAI's <c>{"name", "arguments"}</c>, kept as given.</summary>
    [JsonPropertyName("function")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Function { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Others { get; set; }
}
