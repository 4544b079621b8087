using System.Text.Json;
using LiteLlmNative.Json;
using static LiteLlmNative.Provider.RequestRules;

namespace LiteLlmNative.Endpoints;

/// <summary>Turns a host's embed request document into a validated <see cref="EmbedRequest"/>.</summary>
internal static class EmbedRequestFactory
{
    /// <summary>More than any model's vector, less than a mistake's (OpenAI's largest has 3,072).</summary>
    public const int MaxDimensions = 65_536;

    public static EmbedRequest FromDocument(EmbedRequestDocument doc)
    {
        string model = RequiredModel(doc.Model, "$.model");
        int count = CountInputs(doc.Input);
        if (doc.Dimensions is { } d && (d < 1 || d > MaxDimensions))
            throw Invalid("$.dimensions", $"must be between 1 and {MaxDimensions}, got {d}");
        var extra = OptionalObject(doc.ExtraBody, "$.extra_body");
        // The answer is checked against the inputs counted here: they must be the ones sent.
        if (extra.ValueKind == JsonValueKind.Object && extra.TryGetProperty("input", out _))
            throw Invalid("$.extra_body.input", "give the texts to embed as $.input");
        return new EmbedRequest
        {
            Model = model,
            Input = doc.Input,
            InputCount = count,
            Dimensions = doc.Dimensions,
            ExpectedDimensions = extra.ValueKind == JsonValueKind.Object && extra.TryGetProperty("dimensions", out _) ? null : doc.Dimensions,
            User = doc.User,
            ExtraBody = extra,
            Call = Call(doc.TimeoutMs, doc.MaxRetries, doc.Headers, doc.RequestId, model, null) with { Operation = "embeddings" },
        };
    }

    /// <summary>One text, or a non-empty array of texts; no text may be empty (servers refuse it).</summary>
    private static int CountInputs(JsonElement input)
    {
        switch (input.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                throw Invalid("$.input", "required: a text, or an array of texts");
            case JsonValueKind.String:
                if (input.GetString()!.Length == 0) throw Invalid("$.input", "must not be empty");
                return 1;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in input.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) throw Invalid($"$.input[{i}]", "expected a string");
                    if (item.GetString()!.Length == 0) throw Invalid($"$.input[{i}]", "must not be empty");
                    i++;
                }
                if (i == 0) throw Invalid("$.input", "must not be empty: give at least one text");
                return i;
            default:
                throw Invalid("$.input", "expected a text or an array of texts");
        }
    }
}
