using System;

namespace LiteLlmNative.Testing;

/// <summary>
/// GET /health/readiness as LiteLLM answers it: <c>{"status": "healthy", "db", "cache",
/// "litellm_version", "success_callbacks", …}</c>. <c>x-fake-behaviour</c>: a fault of
/// <see cref="EndpointFaults"/>, <c>unhealthy</c> (a 200 that says so), <c>not-json</c>.
/// </summary>
internal static class HealthResponder
{
    public const string Version = "1.74.0-fake";

    public static FakeResponse Respond(RecordedRequest request, ModelDirectedState state)
    {
        if (!request.Method.Equals("GET", StringComparison.Ordinal))
        {
            return FakeResponse.Error(405, $"fake: {request.Method} is not allowed here", "invalid_request_error", "405");
        }
        string behaviour = EndpointFaults.Behaviour(request);
        if (behaviour == "status-503")
        {
            // FastAPI's HTTPException, which LiteLLM raises when a check fails.
            return FakeResponse.Json(503, """{"detail":"Service Unhealthy (fake: the database is down)"}""");
        }
        if (EndpointFaults.Common(behaviour, request, state, out var fault)) return fault!;
        if (behaviour == "not-json") return FakeResponse.Text(200, "I'm alive!");
        string status = behaviour == "unhealthy" ? "unhealthy" : "healthy";
        return FakeResponse.Json(200, $$"""{"status":"{{status}}","db":"Not connected","cache":null,"litellm_version":"{{Version}}","success_callbacks":["langfuse"],"use_aiohttp_transport":true,"log_level":"WARNING","is_detailed_debug":false}""");
    }
}
