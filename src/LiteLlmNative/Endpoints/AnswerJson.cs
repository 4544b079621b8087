using System;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// The small JSON answers (model lists, health) as a <see cref="JsonDocument"/>, and lenient
/// reads of their members: a member of an unexpected type reads as unknown (null), since these
/// answers vary between LiteLLM versions and other servers.
/// </summary>
internal static class AnswerJson
{
    /// <summary>The answer's root object; not JSON, not an object, or OpenAI's error envelope is <c>bad_response</c>.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body, string what)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw AnswerErrors.BadResponse($"the server's {what} is not JSON ({JsonErrorText.Ours(e)})", body.Span);
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw AnswerErrors.BadResponse($"the server's {what} is not a JSON object", body.Span);
        }
        if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            doc.Dispose();
            throw AnswerErrors.ErrorIn2xx(body.Span);
        }
        return doc;
    }

    public static string? String(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) return null;
        try
        {
            return v.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // a lone surrogate escape: no text
        }
    }

    /// <summary>A whole number (128000 or 128000.0), else null.</summary>
    public static long? Integer(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number) return null;
        if (v.TryGetInt64(out long n)) return n;
        return v.TryGetDouble(out double d) && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d : null;
    }

    public static double? Number(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
        && v.TryGetDouble(out double d) && double.IsFinite(d) ? d : null;

    public static bool? Boolean(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null }
            : null;

    /// <summary>The answer's <c>data</c> array; missing or not an array is <c>bad_response</c>.</summary>
    public static JsonElement Data(JsonDocument doc, string what, ReadOnlySpan<byte> body)
    {
        if (!doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw AnswerErrors.BadResponse($"the server's {what} has no data array", body);
        }
        return data;
    }
}
