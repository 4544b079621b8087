using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>The <c>litellm_embed</c> request as the host writes it (docs/documents.md#embed-request).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class EmbedRequestDocument
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    /// <summary>One text, or an array of texts.</summary>
    [JsonPropertyName("input")] public JsonElement Input { get; set; }
    [JsonPropertyName("dimensions")] public int? Dimensions { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("extra_body")] public JsonElement ExtraBody { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
    [JsonPropertyName("timeout_ms")] public long? TimeoutMs { get; set; }
    [JsonPropertyName("max_retries")] public int? MaxRetries { get; set; }
}

/// <summary>The <c>litellm_models</c> request (docs/documents.md#models-request); the document may be absent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class ModelsRequestDocument
{
    /// <summary>true: LiteLLM's /v1/model/info (limits, prices, capabilities) instead of /v1/models.</summary>
    [JsonPropertyName("info")] public bool? Info { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
    [JsonPropertyName("timeout_ms")] public long? TimeoutMs { get; set; }
    [JsonPropertyName("max_retries")] public int? MaxRetries { get; set; }
}

/// <summary>The request of a call that takes none (<c>litellm_health</c>): always <c>{}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class EmptyRequestDocument
{
}
