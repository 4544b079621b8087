using System;
using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Provider;

/// <summary>Range and shape checks shared by generate and run requests; messages name the path.</summary>
internal static class RequestRules
{
    public const long MaxTimeoutMs = 86_400_000; // one day: anything longer is a mistake
    public const int MaxRetriesLimit = 100;
    public const int MaxRequestIdLength = 256;

    public static string RequiredModel(string? model, string path)
    {
        if (model is null) throw Invalid(path, "required");
        string stripped = ModelName.Strip(model);
        if (stripped.Trim().Length == 0) throw Invalid(path, "must name a model");
        return stripped;
    }

    /// <summary>max_tokens, or max_completion_tokens (OpenAI's newer name for it): one of the two.</summary>
    public static int? MaxTokens(int? maxTokens, int? maxCompletionTokens)
    {
        if (maxCompletionTokens is null) return maxTokens;
        if (maxTokens is not null)
            throw Invalid("$.max_completion_tokens", "give max_tokens or max_completion_tokens (the same setting), not both");
        if (maxCompletionTokens is < 1) throw Invalid("$.max_completion_tokens", $"must be at least 1, got {maxCompletionTokens}");
        return maxCompletionTokens;
    }

    public static void Check(int? maxTokens, double? temperature, double? topP)
    {
        if (maxTokens is < 1) throw Invalid("$.max_tokens", $"must be at least 1, got {maxTokens}");
        if (temperature is { } t && (t < 0 || t > 2)) throw Invalid("$.temperature", $"must be between 0 and 2, got {t}");
        if (topP is { } p && (p < 0 || p > 1)) throw Invalid("$.top_p", $"must be between 0 and 1, got {p}");
    }

    public static CallSettings Call(long? timeoutMs, int? maxRetries, Dictionary<string, string>? headers, string? requestId, string model, int? maxTokens,
        long? idleTimeoutMs = null)
    {
        if (timeoutMs is { } t && (t < 1 || t > MaxTimeoutMs))
            throw Invalid("$.timeout_ms", $"must be between 1 and {MaxTimeoutMs}, got {t}");
        CheckIdleTimeout(idleTimeoutMs, "$.idle_timeout_ms");
        if (maxRetries is { } r && (r < 0 || r > MaxRetriesLimit))
            throw Invalid("$.max_retries", $"must be between 0 and {MaxRetriesLimit}, got {r}");
        if (requestId is not null && (requestId.Length == 0 || requestId.Length > MaxRequestIdLength))
            throw Invalid("$.request_id", $"must be 1 to {MaxRequestIdLength} characters long");
        if (requestId is not null && (HeaderRules.HasControl(requestId, allowTab: false) || !System.Text.Ascii.IsValid(requestId)))
            throw Invalid("$.request_id", "must be printable ASCII (it is sent as the x-litellm-call-id header)");
        HeaderRules.Validate(headers, "$.headers");
        return new CallSettings(timeoutMs, maxRetries, headers, requestId, model, maxTokens, SecretRedactor.HeaderSecrets(headers), IdleTimeoutMs: idleTimeoutMs);
    }

    public static void CheckIdleTimeout(long? idleTimeoutMs, string path)
    {
        if (idleTimeoutMs is { } idle && (idle < 1 || idle > MaxTimeoutMs))
            throw Invalid(path, $"must be between 1 and {MaxTimeoutMs}, got {idle}");
    }

    public static JsonElement OptionalObject(JsonElement value, string path)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return default;
        if (value.ValueKind != JsonValueKind.Object) throw Invalid(path, "expected an object");
        return value;
    }

    public static LiteLlmException Invalid(string path, string problem) =>
        LiteLlmException.InvalidArgument($"{path}: {problem}");
}
