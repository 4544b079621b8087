using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// One JSON value kept as the UTF-8 text it arrived in (a server's assistant message, its
/// thinking blocks) and written into a document as it is: what the server sent reaches the
/// host unchanged, unknown members included, with no tree built for it.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
internal sealed class RawJson
{
    private readonly byte[] _utf8;

    /// <param name="utf8">One complete, valid JSON value (the caller has read it with a reader).</param>
    private RawJson(byte[] utf8) => _utf8 = utf8;

    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>A copy of <paramref name="value"/>, which must be one valid JSON value.</summary>
    public static RawJson Copy(ReadOnlySpan<byte> value) => new(value.ToArray());

    /// <summary>
    /// A copy of a value a reader has found well-formed, once its text is known to be text: valid
    /// UTF-8 and no <c>\u</c> escape naming a lone surrogate (which a host's parser may refuse).
    /// Throws <see cref="InvalidOperationException"/> otherwise, as reading the strings would.
    /// </summary>
    public static RawJson CopyChecked(ReadOnlySpan<byte> value)
    {
        if (!System.Text.Unicode.Utf8.IsValid(value)) throw new InvalidOperationException("the text is not valid UTF-8");
        // Only an escape can make a lone surrogate, and only \uD800-\uDFFF can: the strings
        // are decoded only when one of those is present.
        if (MayHoldSurrogateEscape(value))
        {
            var reader = new Utf8JsonReader(value);
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                    && MayHoldSurrogateEscape(reader.ValueSpan))
                {
                    _ = reader.GetString(); // throws for a lone surrogate
                }
            }
        }
        return new RawJson(value.ToArray());
    }

    private static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> text)
    {
        for (int i = text.IndexOf("\\u"u8); i >= 0 && i + 2 < text.Length; )
        {
            byte d = text[i + 2];
            if ((d == (byte)'d' || d == (byte)'D') && i + 3 < text.Length && text[i + 3] is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F')
                return true;
            int next = text[(i + 2)..].IndexOf("\\u"u8);
            i = next < 0 ? -1 : i + 2 + next;
        }
        return false;
    }

    /// <summary>Takes <paramref name="value"/> as it is (no copy); it must be one valid JSON value.</summary>
    public static RawJson Own(byte[] value) => new(value);

    public JsonElement ToElement()
    {
        using var doc = JsonDocument.Parse(_utf8);
        return doc.RootElement.Clone();
    }

    public override string ToString() => System.Text.Encoding.UTF8.GetString(_utf8);
}

/// <summary>Writes a <see cref="RawJson"/> as the value it holds (the library never reads one through the serializer).</summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return RawJson.Own(JsonSerializer.SerializeToUtf8Bytes(doc.RootElement, LiteLlmJsonContext.Default.JsonElement));
    }

    // Checked when it was read: the server's bytes are written without a second parse.
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8, skipInputValidation: true);
}
