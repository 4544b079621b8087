using System;
using System.Text.Json;

namespace LiteLlmNative.Executor;

/// <summary>Reads the one JSON object a model was asked to answer with (API.md §5).</summary>
internal static class ResultParser
{
    /// <summary>
    /// Parses <paramref name="content"/> as one JSON object. Unless <paramref name="strict"/>, one
    /// Markdown code fence around it (<c>```</c> or <c>```json</c>) is tolerated, because models
    /// add one often; any other text around the object is an error.
    /// </summary>
    public static JsonElement Parse(string content, bool strict)
    {
        string text = content.Trim();
        if (!strict && text.StartsWith("```", StringComparison.Ordinal))
        {
            text = Unfence(text) ?? throw Invalid("content starts a code fence that is not one well-formed ```json … ``` block", content);
        }
        if (text.Length == 0) throw Invalid("content is empty, expected one JSON object", content);
        JsonElement value;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            value = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            string hint = strict && text.StartsWith("```", StringComparison.Ordinal) ? " (strict_json: code fences are not accepted)" : "";
            throw Invalid($"content is not JSON{hint}: {Json.JsonErrorText.FirstSentence(e.Message)}", content);
        }
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid($"content is JSON but not an object (got {value.ValueKind.ToString().ToLowerInvariant()})", content);
        try
        {
            EnsureDecodable(value);
        }
        catch (InvalidOperationException)
        {
            throw Invalid("content has an invalid \\u escape (a lone UTF-16 surrogate)", content);
        }
        return value;
    }

    /// <summary>
    /// JsonDocument accepts a \u escape naming half a surrogate pair, but such a string cannot
    /// be read or written again; find it here so it is the model's failure, not ours.
    /// Depth is bounded by the parse's MaxDepth.
    /// </summary>
    private static void EnsureDecodable(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                value.GetString();
                break;
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject())
                {
                    _ = p.Name;
                    EnsureDecodable(p.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray()) EnsureDecodable(item);
                break;
        }
    }

    private static string? Unfence(string text)
    {
        int firstNewline = text.IndexOf('\n');
        if (firstNewline < 0) return null;
        string info = text[3..firstNewline].Trim();
        if (info.Length > 0 && !info.Equals("json", StringComparison.OrdinalIgnoreCase)) return null;
        string rest = text[(firstNewline + 1)..];
        if (!rest.EndsWith("```", StringComparison.Ordinal)) return null;
        string inner = rest[..^3];
        return inner.Contains("```", StringComparison.Ordinal) ? null : inner.Trim();
    }

    /// <summary>An invalid_result naming what was wrong, with the model's content as its body.</summary>
    public static LiteLlmException Invalid(string message, string content) =>
        new(new LiteLlmError(LiteLlmStatus.InvalidResult, message) { Body = Transport.ServerError.BodyText(System.Text.Encoding.UTF8.GetBytes(content)) });
}
