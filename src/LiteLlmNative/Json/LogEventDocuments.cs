using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>One finished HTTP attempt, with OpenTelemetry GenAI attribute names (docs/documents.md#log-events).</summary>
internal sealed class AttemptLogEvent
{
    [JsonPropertyName("event")] public string Event => "attempt";
    [JsonPropertyName("gen_ai.system")] public string System => "litellm";
    /// <summary>The current GenAI name for gen_ai.system, beside it for the tools that read either.</summary>
    [JsonPropertyName("gen_ai.provider.name")] public string ProviderName => "litellm";
    [JsonPropertyName("gen_ai.operation.name")] public string Operation { get; set; } = "chat";
    [JsonPropertyName("gen_ai.request.model")] public string? RequestModel { get; set; }
    [JsonPropertyName("gen_ai.request.max_tokens")] public int? RequestMaxTokens { get; set; }
    [JsonPropertyName("gen_ai.response.model")] public string? ResponseModel { get; set; }
    [JsonPropertyName("gen_ai.response.id")] public string? ResponseId { get; set; }
    [JsonPropertyName("gen_ai.response.finish_reasons")] public string[]? FinishReasons { get; set; }
    [JsonPropertyName("gen_ai.usage.input_tokens")] public long? InputTokens { get; set; }
    [JsonPropertyName("gen_ai.usage.output_tokens")] public long? OutputTokens { get; set; }
    [JsonPropertyName("gen_ai.usage.cache_read.input_tokens")] public long? CacheReadInputTokens { get; set; }
    [JsonPropertyName("duration_ms")] public double DurationMs { get; set; }
    [JsonPropertyName("attempt")] public int Attempt { get; set; }
    /// <summary>"ok", or the error kind of the attempt.</summary>
    [JsonPropertyName("status")] public string Status { get; set; } = "ok";
    [JsonPropertyName("http.response.status_code")] public int? HttpStatus { get; set; }
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
}

/// <summary>A retry about to happen, and the delay chosen (level warn).</summary>
internal sealed class RetryLogEvent
{
    [JsonPropertyName("event")] public string Event => "retry";
    [JsonPropertyName("gen_ai.request.model")] public string? RequestModel { get; set; }
    [JsonPropertyName("attempt")] public int Attempt { get; set; }
    [JsonPropertyName("delay_ms")] public double DelayMs { get; set; }
    [JsonPropertyName("delay_source")] public string DelaySource { get; set; } = "backoff";
    [JsonPropertyName("reason")] public string Reason { get; set; } = "";
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
}

/// <summary>A call that failed (level error), or a run rung that escalated (level warn).</summary>
internal sealed class FailureLogEvent
{
    [JsonPropertyName("event")] public string Event { get; set; } = "error";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("message")] public string Message { get; set; } = "";
    [JsonPropertyName("gen_ai.request.model")] public string? RequestModel { get; set; }
    [JsonPropertyName("attempts")] public int Attempts { get; set; }
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
}
