using System;
using System.Text.Json;

namespace LiteLlmNative.Testing;

/// <summary>
/// GET /v1/models (OpenAI's list, as LiteLLM serves it) and GET /v1/model/info (LiteLLM's:
/// one entry per deployment, <c>model_name</c>, <c>litellm_params</c>, <c>model_info</c> with
/// nulls where LiteLLM knows nothing). <c>x-fake-behaviour</c>: a fault of
/// <see cref="EndpointFaults"/>, <c>empty</c> (no models), <c>no-data</c>, <c>bad-entry</c>.
/// </summary>
internal static class ModelsResponder
{
    public static FakeResponse Respond(RecordedRequest request, int sequence, ModelDirectedState state, bool info)
    {
        if (!request.Method.Equals("GET", StringComparison.Ordinal))
        {
            return FakeResponse.Error(405, $"fake: {request.Method} is not allowed here", "invalid_request_error", "405");
        }
        string behaviour = EndpointFaults.Behaviour(request);
        if (EndpointFaults.Common(behaviour, request, state, out var fault)) return fault!;
        if (behaviour == "no-data") return FakeResponse.Json(200, """{"object":"list"}""");
        bool empty = behaviour == "empty", bad = behaviour == "bad-entry";
        string body = JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            if (!empty)
            {
                if (info) WriteInfo(w, bad);
                else WriteList(w, bad);
            }
            w.WriteEndArray();
            if (!info) w.WriteString("object", "list");
            w.WriteEndObject();
        });
        return FakeResponse.Json(200, body, EndpointFaults.LiteLlmHeaders(sequence));
    }

    private static void WriteList(Utf8JsonWriter w, bool bad)
    {
        foreach (var (id, owner) in new[] { ("gpt-4o", "openai"), ("text-embedding-3-small", "openai"), ("local-llama", "custom") })
        {
            w.WriteStartObject();
            if (!bad) w.WriteString("id", id);
            w.WriteString("object", "model");
            w.WriteNumber("created", 1677610602);
            w.WriteString("owned_by", owner);
            w.WriteEndObject();
        }
    }

    private static void WriteInfo(Utf8JsonWriter w, bool bad)
    {
        // A model LiteLLM's cost map knows.
        w.WriteStartObject();
        w.WriteString("model_name", "gpt-4o");
        w.WriteStartObject("litellm_params");
        w.WriteString("model", "openai/gpt-4o");
        w.WriteEndObject();
        w.WriteStartObject("model_info");
        if (!bad) w.WriteString("id", "d1f0c0ffee");
        w.WriteBoolean("db_model", false);
        w.WriteString("key", "gpt-4o");
        w.WriteNumber("max_tokens", 16384);
        w.WriteNumber("max_input_tokens", 128000);
        w.WriteNumber("max_output_tokens", 16384);
        w.WriteNumber("input_cost_per_token", 2.5e-06);
        w.WriteNumber("output_cost_per_token", 1e-05);
        w.WriteString("litellm_provider", "openai");
        w.WriteString("mode", "chat");
        w.WriteBoolean("supports_function_calling", true);
        w.WriteBoolean("supports_response_schema", true);
        w.WriteBoolean("supports_reasoning", false);
        w.WriteBoolean("supports_vision", true);
        w.WriteEndObject();
        w.WriteEndObject();
        if (bad)
        {
            // Neither a model name nor a deployment id.
            w.WriteStartObject();
            w.WriteStartObject("model_info");
            w.WriteNull("id");
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }
        // Two deployments of a self-hosted model the cost map does not know: nulls, and a
        // limit written as a float.
        foreach (string id in new[] { "local-1", "local-2" })
        {
            w.WriteStartObject();
            w.WriteString("model_name", "local-llama");
            w.WriteStartObject("litellm_params");
            w.WriteString("model", "hosted_vllm/llama-3.1-8b");
            w.WriteString("api_base", "http://10.0.0.5:8000/v1");
            w.WriteEndObject();
            w.WriteStartObject("model_info");
            w.WriteString("id", id);
            w.WriteBoolean("db_model", false);
            w.WriteNull("max_tokens");
            if (id == "local-1") w.WriteNumber("max_input_tokens", 8192.0);
            else w.WriteNull("max_input_tokens");
            w.WriteNull("max_output_tokens");
            w.WriteNull("input_cost_per_token");
            w.WriteNull("output_cost_per_token");
            w.WriteString("litellm_provider", "hosted_vllm");
            w.WriteString("mode", "chat");
            w.WriteNull("supports_function_calling");
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
