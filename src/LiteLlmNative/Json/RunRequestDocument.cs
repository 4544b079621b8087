using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// The <c>litellm_run</c> request (docs/documents.md#run-request). Besides the fields it lists, it takes the
/// per-call fields of generate that make sense for a run (headers, max_retries, top_p, seed,
/// user, metadata, extra_body, mock_response): each is passed to every rung of the ladder.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class RunRequestDocument
{
    [JsonPropertyName("models")] public List<string?>? Models { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("skill_prompt")] public string? SkillPrompt { get; set; }
    [JsonPropertyName("task_prompt")] public string? TaskPrompt { get; set; }
    [JsonPropertyName("result_schema")] public JsonElement ResultSchema { get; set; }
    [JsonPropertyName("min_confidence")] public double? MinConfidence { get; set; }
    [JsonPropertyName("strict_json")] public bool? StrictJson { get; set; }
    /// <summary>false, true, "json_object", "json_schema" or "auto": read by the plan, which names a wrong value.</summary>
    [JsonPropertyName("json_mode")] public JsonElement JsonMode { get; set; }
    [JsonPropertyName("repair_attempts")] public int? RepairAttempts { get; set; }
    [JsonPropertyName("max_cost_usd")] public double? MaxCostUsd { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    /// <summary>OpenAI's current name for max_tokens; one of the two may be given.</summary>
    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
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
