using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// The <c>litellm_embed</c> response (docs/documents.md#embed-response). It owns its vectors'
/// native memory: disposing it (once written) gives that back at once.
/// </summary>
internal sealed class EmbedResponseDocument : System.IDisposable, ILargeDocument
{
    [JsonPropertyName("embeddings")] public EmbeddingMatrix Embeddings { get; set; } = EmbeddingMatrix.Empty;
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("input_tokens")] public long InputTokens { get; set; }
    [JsonPropertyName("cost_usd")] public double? CostUsd { get; set; }
    [JsonPropertyName("call_id")] public string? CallId { get; set; }
    [JsonPropertyName("attempts")] public int Attempts { get; set; }
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; set; }

    /// <summary>At most 15 bytes a float ("-1.2345678E-05,"), 3 a vector, 1 KiB for the rest.</summary>
    [JsonIgnore] public long SizeHint => (long)Embeddings.Count * Embeddings.Dimensions * 15 + Embeddings.Count * 3L + 1024;

    public void Dispose() => Embeddings.Dispose();
}

/// <summary>The <c>litellm_models</c> response of /v1/models (docs/documents.md#models-response).</summary>
internal sealed class ModelListDocument
{
    [JsonPropertyName("models")] public List<ModelEntryDocument> Models { get; set; } = new();
}

internal sealed class ModelEntryDocument
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("owned_by")] public string? OwnedBy { get; set; }
}

/// <summary>The <c>litellm_models</c> response with <c>"info": true</c>, from LiteLLM's /v1/model/info; null where unknown.</summary>
internal sealed class ModelInfoListDocument
{
    [JsonPropertyName("models")] public List<ModelInfoDocument> Models { get; set; } = new();
}

internal sealed class ModelInfoDocument
{
    /// <summary>The deployment's id (what x-litellm-model-id names), else the model group.</summary>
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    /// <summary>The public model name callers send, which LiteLLM's router calls the model group.</summary>
    [JsonPropertyName("model_group")] public string? ModelGroup { get; set; }
    [JsonPropertyName("max_input_tokens")] public long? MaxInputTokens { get; set; }
    [JsonPropertyName("max_output_tokens")] public long? MaxOutputTokens { get; set; }
    [JsonPropertyName("input_cost_per_token")] public double? InputCostPerToken { get; set; }
    [JsonPropertyName("output_cost_per_token")] public double? OutputCostPerToken { get; set; }
    [JsonPropertyName("supports_response_schema")] public bool? SupportsResponseSchema { get; set; }
    [JsonPropertyName("supports_function_calling")] public bool? SupportsFunctionCalling { get; set; }
    [JsonPropertyName("supports_reasoning")] public bool? SupportsReasoning { get; set; }
}

/// <summary>The <c>litellm_health</c> response (docs/documents.md#health-response).</summary>
internal sealed class HealthDocument
{
    [JsonPropertyName("healthy")] public bool Healthy { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("litellm_version")] public string? LiteLlmVersion { get; set; }
    [JsonPropertyName("db")] public string? Db { get; set; }
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; set; }
}
