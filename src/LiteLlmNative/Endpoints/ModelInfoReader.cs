using System;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// LiteLLM's <c>/v1/model/info</c> (<c>{"data": [{"model_name", "litellm_params", "model_info":
/// {"id", "max_input_tokens", "input_cost_per_token", "supports_function_calling", …}}]}</c>),
/// one entry per deployment, to the model info document. What LiteLLM does not know about a
/// model it sends as null, or leaves out: both are null here.
/// </summary>
internal static class ModelInfoReader
{
    private const string What = "model info";

    public static ModelInfoListDocument Read(ReadOnlyMemory<byte> body)
    {
        using var doc = AnswerJson.Parse(body, What);
        var result = new ModelInfoListDocument();
        int i = 0;
        foreach (var entry in AnswerJson.Data(doc, What, body.Span).EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object) throw AnswerErrors.BadResponse($"the server's {What}: $.data[{i}]: expected an object", body.Span);
            string? group = AnswerJson.String(entry, "model_name");
            var info = entry.TryGetProperty("model_info", out var m) ? m : default;
            string id = AnswerJson.String(info, "id") is { Length: > 0 } deployment ? deployment
                : group is { Length: > 0 } ? group
                : throw AnswerErrors.BadResponse($"the server's {What}: $.data[{i}]: neither model_name nor model_info.id", body.Span);
            result.Models.Add(new ModelInfoDocument
            {
                Id = id,
                ModelGroup = group,
                MaxInputTokens = AnswerJson.Integer(info, "max_input_tokens"),
                MaxOutputTokens = AnswerJson.Integer(info, "max_output_tokens"),
                InputCostPerToken = AnswerJson.Number(info, "input_cost_per_token"),
                OutputCostPerToken = AnswerJson.Number(info, "output_cost_per_token"),
                SupportsResponseSchema = AnswerJson.Boolean(info, "supports_response_schema"),
                SupportsFunctionCalling = AnswerJson.Boolean(info, "supports_function_calling"),
                SupportsReasoning = AnswerJson.Boolean(info, "supports_reasoning"),
            });
            i++;
        }
        return result;
    }
}
