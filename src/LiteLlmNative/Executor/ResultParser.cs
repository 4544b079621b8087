using System;
using System.Buffers;
using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Executor;

/// <summary>Reads the one JSON object a model was asked to answer with (docs/documents.md#run-request).</summary>
internal static class ResultParser
{
    /// <summary>
    /// Parses <paramref name="content"/> as one JSON object. Unless <paramref name="strict"/>, one
    /// Markdown code fence around it (<c>```</c> or <c>```json</c>) is tolerated, because models
    /// add one often; any other text around the object is an error.
    /// </summary>
    public static JsonElement Parse(Utf8Text content, bool strict)
    {
        ReadOnlyMemory<byte> text = Trim(content.Utf8Memory);
        bool fenced = text.Span.StartsWith("```"u8);
        if (!strict && fenced)
        {
            // Rare and small in practice: the fence is taken off the text as a string.
            string inner = Unfence(Encoding.UTF8.GetString(text.Span))
                ?? throw Invalid("content starts a code fence that is not one well-formed ```json … ``` block", content);
            text = Encoding.UTF8.GetBytes(inner);
        }
        if (text.IsEmpty) throw Invalid("content is empty, expected one JSON object", content);
        JsonElement value;
        try
        {
            // Parsed where it lies and not disposed: the result refers to the content's bytes
            // instead of a clone of them (an answer may be as large as max_response_bytes).
            var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            value = doc.RootElement;
        }
        catch (JsonException e)
        {
            string hint = strict && fenced ? " (strict_json: code fences are not accepted)" : "";
            throw Invalid($"content is not JSON{hint}: {Json.JsonErrorText.Ours(e)}", content);
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
                ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
                if (raw.Length <= LargeString) value.GetString();
                else if (!EscapesAreDecodable(raw)) throw new InvalidOperationException("a lone surrogate escape");
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

    // Longer strings are checked where they lie instead of being decoded into a string.
    private const int LargeString = 4096;

    /// <summary>Whether every \u escape for half a surrogate pair in raw JSON text has its other half.</summary>
    private static bool EscapesAreDecodable(ReadOnlySpan<byte> raw)
    {
        bool wantLow = false;
        for (int i = raw.IndexOf((byte)'\\'); i >= 0 && i < raw.Length - 1; )
        {
            int next;
            if (raw[i + 1] == (byte)'u' && i + 6 <= raw.Length
                && int.TryParse(raw.Slice(i + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out int unit))
            {
                bool high = unit is >= 0xD800 and <= 0xDBFF, low = unit is >= 0xDC00 and <= 0xDFFF;
                if (wantLow != low) return false; // a high half not followed by a low one, or a low one alone
                wantLow = high;
                next = i + 6;
                // A high half must be followed at once by the escape of its low half.
                if (wantLow && (next >= raw.Length || raw[next] != (byte)'\\')) return false;
            }
            else
            {
                if (wantLow) return false;
                next = i + 2;
            }
            int ahead = raw[next..].IndexOf((byte)'\\');
            if (ahead < 0) return !wantLow;
            if (wantLow && ahead != 0) return false;
            i = next + ahead;
        }
        return !wantLow;
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

    /// <summary>White space (as <see cref="string.Trim()"/> sees it) off both ends of UTF-8 text.</summary>
    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> utf8)
    {
        while (Rune.DecodeFromUtf8(utf8.Span, out Rune first, out int length) == OperationStatus.Done && Rune.IsWhiteSpace(first)) utf8 = utf8[length..];
        while (Rune.DecodeLastFromUtf8(utf8.Span, out Rune last, out int length) == OperationStatus.Done && Rune.IsWhiteSpace(last)) utf8 = utf8[..^length];
        return utf8;
    }

    /// <summary>An invalid_result naming what was wrong, with the model's content as its body.</summary>
    public static LiteLlmException Invalid(string message, Utf8Text content) =>
        new(new LiteLlmError(LiteLlmStatus.InvalidResult, message) { Body = ErrorLimits.BodyText(content.Utf8) });
}
