using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>The <c>litellm_generate</c> response document (docs/documents.md#generate-response). Nulls are written.</summary>
internal sealed class GenerateResponseDocument
{
    [JsonPropertyName("content")] public Utf8Text Content { get; set; } = Utf8Text.Empty;
    [JsonPropertyName("tool_calls")] public List<ToolCallDocument> ToolCalls { get; set; } = new();
    /// <summary>The model's reasoning text (LiteLLM's reasoning_content, or the reasoning some servers send instead).</summary>
    [JsonPropertyName("reasoning_content")] public Utf8Text? ReasoningContent { get; set; }
    [JsonPropertyName("thinking_blocks")] public RawJson? ThinkingBlocks { get; set; }
    /// <summary>The assistant message as the server sent it (or, streamed, as its deltas add up to).</summary>
    [JsonPropertyName("message")] public RawJson Message { get; set; } = EmptyMessage;
    [JsonPropertyName("input_tokens")] public long InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; set; }
    [JsonPropertyName("cached_tokens")] public long CachedTokens { get; set; }
    [JsonPropertyName("cache_creation_tokens")] public long CacheCreationTokens { get; set; }
    [JsonPropertyName("reasoning_tokens")] public long ReasoningTokens { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("stop_reason")] public string StopReason { get; set; } = "end_turn";
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
    [JsonPropertyName("cost_usd")] public double? CostUsd { get; set; }
    [JsonPropertyName("call_id")] public string? CallId { get; set; }
    [JsonPropertyName("model_id")] public string? ModelId { get; set; }
    [JsonPropertyName("key_spend_usd")] public double? KeySpendUsd { get; set; }
    [JsonPropertyName("key_max_budget_usd")] public double? KeyMaxBudgetUsd { get; set; }
    [JsonPropertyName("attempted_retries")] public long? AttemptedRetries { get; set; }
    [JsonPropertyName("attempted_fallbacks")] public long? AttemptedFallbacks { get; set; }
    [JsonPropertyName("rate_limit")] public RateLimitDocument? RateLimit { get; set; }
    [JsonPropertyName("server_request_id")] public string? ServerRequestId { get; set; }
    [JsonPropertyName("attempts")] public int Attempts { get; set; }
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; set; }

    private static readonly RawJson EmptyMessage = RawJson.Copy("""{"role":"assistant","content":""}"""u8);
}

internal sealed class RateLimitDocument
{
    [JsonPropertyName("remaining_requests")] public long? RemainingRequests { get; set; }
    [JsonPropertyName("remaining_tokens")] public long? RemainingTokens { get; set; }
}

/// <summary>The <c>litellm_run</c> result document (docs/documents.md#run-result).</summary>
internal sealed class RunResultDocument
{
    [JsonPropertyName("result")] public ResultValue Result { get; set; } = new(default(JsonElement));
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("escalations")] public List<EscalationDocument> Escalations { get; set; } = new();
    /// <summary>Every request the run made, in order; the totals below are their sums.</summary>
    [JsonPropertyName("attempts")] public List<AttemptDocument> Attempts { get; set; } = new();
    [JsonPropertyName("input_tokens")] public long InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; set; }
    [JsonPropertyName("cost_usd")] public double? CostUsd { get; set; }
}

/// <summary>One request of a run (docs/documents.md#run-result <c>attempts</c>).</summary>
internal sealed class AttemptDocument
{
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    /// <summary>"ok", or the kind of the error the request (or its answer) ended in.</summary>
    [JsonPropertyName("kind")] public string Kind { get; set; } = "ok";
    /// <summary>0 for the model's first answer, n for its n-th repair.</summary>
    [JsonPropertyName("repair")] public int Repair { get; set; }
    /// <summary>What the request asked for: "off", "json_object" or "json_schema".</summary>
    [JsonPropertyName("json_mode")] public string JsonMode { get; set; } = "off";
    [JsonPropertyName("input_tokens")] public long InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; set; }
    [JsonPropertyName("cost_usd")] public double? CostUsd { get; set; }
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; set; }
}

internal sealed class EscalationDocument
{
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("error")] public ErrorBody Error { get; set; } = new();
}

/// <summary>The error document (docs/documents.md#error-document): <c>{"error": {…}}</c>.</summary>
internal sealed class ErrorDocument
{
    [JsonPropertyName("error")] public ErrorBody Error { get; set; } = new();
}

internal sealed class ErrorBody
{
    [JsonPropertyName("kind")] public string Kind { get; set; } = "internal";
    [JsonPropertyName("message")] public string Message { get; set; } = "";
    [JsonPropertyName("status")] public int? Status { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("retryable")] public bool Retryable { get; set; }
    [JsonPropertyName("attempts")] public int Attempts { get; set; }
    [JsonPropertyName("retry_after_ms")] public long? RetryAfterMs { get; set; }
    [JsonPropertyName("error_type")] public string? ErrorType { get; set; }
    [JsonPropertyName("error_code")] public string? ErrorCode { get; set; }
    [JsonPropertyName("server_request_id")] public string? ServerRequestId { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
    [JsonPropertyName("partial_content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PartialContent { get; set; }
    /// <summary>Always written at the top level; left out inside an escalation entry.</summary>
    [JsonPropertyName("escalations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<EscalationDocument>? Escalations { get; set; }
    /// <summary>A run's requests, as the run result's <c>attempts</c> (that name is taken here by the HTTP attempts); top level of a run's error only.</summary>
    [JsonPropertyName("run_attempts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AttemptDocument>? RunAttempts { get; set; }
    /// <summary>Whether the run was ended by a failure no other model can fix or by max_cost_usd, not by running out of models; top level of a run's error only.</summary>
    [JsonPropertyName("ladder_stopped")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? LadderStopped { get; set; }
}
