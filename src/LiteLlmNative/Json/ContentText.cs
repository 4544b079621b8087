using System;
using System.Text;
using System.Text.Json;

namespace LiteLlmNative.Json;

/// <summary>
/// A message's <c>content</c> as its text: a string as it is; an array of parts (some providers
/// answer so) as the concatenation of its parts' <c>text</c> strings; anything else as "".
/// Read from a reader where it lies (a stream chunk: no JsonDocument per chunk), or from a
/// parsed element (a whole answer).
/// </summary>
internal static class ContentText
{
    /// <summary>The text of the content value the reader is on; the reader ends on its last token.</summary>
    public static string ReadText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString()!;
            case JsonTokenType.StartArray:
                // Rare in a stream: parsed as a whole, so its parts read exactly as a whole answer's.
                return FromElement(JsonElement.ParseValue(ref reader));
            default:
                reader.Skip();
                return "";
        }
    }

    /// <summary>As <see cref="ReadText"/>, a string value kept as UTF-8 (a whole answer's text, as large as the answer).</summary>
    public static Utf8Text ReadUtf8(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? Utf8Text.ReadString(ref reader) : new Utf8Text(ReadText(ref reader));

    public static string FromElement(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                StringBuilder? text = null;
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    {
                        (text ??= new StringBuilder()).Append(t.GetString());
                    }
                }
                return text?.ToString() ?? "";
            default:
                return "";
        }
    }
}
