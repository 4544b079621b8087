using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary><c>litellm_client_new</c> options (docs/configuration.md#client-options-litellm_client_new). Unknown fields are an error.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class ClientOptionsDocument
{
    [JsonPropertyName("base_url")] public string? BaseUrl { get; set; }
    [JsonPropertyName("api_key")] public string? ApiKey { get; set; }
    [JsonPropertyName("timeout_ms")] public long? TimeoutMs { get; set; }
    [JsonPropertyName("idle_timeout_ms")] public long? IdleTimeoutMs { get; set; }
    [JsonPropertyName("max_retries")] public int? MaxRetries { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("max_response_bytes")] public long? MaxResponseBytes { get; set; }
    [JsonPropertyName("ca_file")] public string? CaFile { get; set; }
}
