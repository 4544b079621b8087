using System;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Endpoints;

/// <summary>OpenAI's model list (<c>{"data": [{"id", "owned_by", …}]}</c>) to the models document.</summary>
internal static class ModelListReader
{
    private const string What = "model list";

    public static ModelListDocument Read(ReadOnlyMemory<byte> body)
    {
        using var doc = AnswerJson.Parse(body, What);
        var result = new ModelListDocument();
        int i = 0;
        foreach (var entry in AnswerJson.Data(doc, What, body.Span).EnumerateArray())
        {
            string id = AnswerJson.String(entry, "id") is { Length: > 0 } s
                ? s
                : throw AnswerErrors.BadResponse($"the server's {What}: $.data[{i}].id: expected a model name", body.Span);
            result.Models.Add(new ModelEntryDocument { Id = id, OwnedBy = AnswerJson.String(entry, "owned_by") });
            i++;
        }
        return result;
    }
}
