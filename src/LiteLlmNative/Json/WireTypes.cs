using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

// What an OpenAI-compatible server answers, where the library keeps it as objects: tool calls
// (filled by Provider/StreamChunkReader, which reads completions and chunks itself) and the
// error envelope (read by the serializer). Unknown members are skipped: servers add fields.

internal sealed class WireToolCall
{
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public WireFunction? Function { get; set; }
    /// <summary>The call's other members (a provider's extra_content, say), where they lie in the chunk.</summary>
    [JsonIgnore] public System.Collections.Generic.List<OtherMember>? Others { get; set; }
}

internal sealed class WireFunction
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
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
