using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// A message's <c>content</c> read straight to its text: a string as it is; an array of parts
/// (some providers answer so) as the concatenation of its parts' <c>text</c> strings; anything
/// else as "". Reading the text where it lies, instead of keeping a JsonElement, spares a
/// JsonDocument per stream chunk.
/// </summary>
internal sealed class ContentTextConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadText(ref reader);

    /// <summary>The text of the content value the reader is on; the reader ends on its last token.</summary>
    public static string ReadText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString()!;
            case JsonTokenType.StartArray:
                return Parts(ref reader);
            default:
                reader.Skip();
                return "";
        }
    }

    private static string Parts(ref Utf8JsonReader reader)
    {
        StringBuilder? text = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            string? partText = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isText = reader.ValueTextEquals("text"u8);
                reader.Read();
                // The first "text" of a part counts, as a lookup by name would find it.
                if (isText && partText is null && reader.TokenType == JsonTokenType.String) partText = reader.GetString();
                else reader.Skip();
            }
            if (partText is not null) (text ??= new StringBuilder()).Append(partText);
        }
        return text?.ToString() ?? "";
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        throw new NotSupportedException("wire content is only read");
}
