using System;
using LiteLlmNative.Json;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// LiteLLM's <c>/health/readiness</c> answer (<c>{"status": "healthy", "db": "connected",
/// "litellm_version": "1.x", …}</c>) to the health document. A 2xx means ready, as a load
/// balancer reads it, unless the body's status says otherwise.
/// </summary>
internal static class HealthReader
{
    public static HealthDocument Read(ReadOnlyMemory<byte> body)
    {
        using var doc = AnswerJson.Parse(body, "readiness answer");
        var root = doc.RootElement;
        string? status = AnswerJson.String(root, "status");
        return new HealthDocument
        {
            Healthy = !SaysUnhealthy(status),
            Status = status,
            LiteLlmVersion = AnswerJson.String(root, "litellm_version"),
            Db = AnswerJson.String(root, "db"),
        };
    }

    private static bool SaysUnhealthy(string? status) => status?.Trim().ToLowerInvariant() is
        "unhealthy" or "not_ready" or "not ready" or "unready" or "degraded" or "down" or "error" or "fail" or "failed" or "unavailable";
}
