using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// A text that may be as large as an answer (max_response_bytes): held as the UTF-8 it arrived
/// in, not as a UTF-16 string (twice the bytes for most text, and one more copy each time it is
/// decoded or encoded), and written into a document in pieces. Small texts made here (a mock
/// answer, a stream delta) keep their string.
/// </summary>
[JsonConverter(typeof(Utf8TextConverter))]
internal sealed class Utf8Text
{
    // A class, not a struct: the serializer's generic code for it is then shared with every
    // other reference type's instead of compiled anew (about 20 KB of the NativeAOT library).
    private readonly string? _text;
    private readonly byte[]? _utf8;
    private readonly int _at, _length;
    // The bytes are a JSON string's raw text with escapes in it (_at, _length: between its
    // quotes): decoded when the text is asked for, written into a document as they are.
    private readonly bool _escaped;

    public Utf8Text(string text) => _text = text;

    private Utf8Text(byte[] utf8, int at, int length, bool escaped)
    {
        _utf8 = utf8;
        _at = at;
        _length = length;
        _escaped = escaped;
    }

    public static Utf8Text Empty { get; } = new("");

    public bool IsEmpty => _utf8 is null ? string.IsNullOrEmpty(_text) : _length == 0;

    /// <summary>The text as UTF-8 (for a text made from a string, encoded now; for an escaped view, decoded now).</summary>
    public ReadOnlySpan<byte> Utf8 => Utf8Memory.Span;

    /// <summary>As <see cref="Utf8"/>, as memory.</summary>
    public ReadOnlyMemory<byte> Utf8Memory =>
        _utf8 is null ? Encoding.UTF8.GetBytes(_text ?? "") : _escaped ? Unescaped() : _utf8.AsMemory(_at, _length);

    /// <summary>
    /// The text of the JSON string whose token (its quotes included) is <paramref name="token"/>
    /// in <paramref name="json"/>, without a copy: the document it lies in (an assistant message
    /// kept whole) holds it once for both. The token must have been checked: valid UTF-8, no
    /// escape of a lone surrogate.
    /// </summary>
    public static Utf8Text View(byte[] json, TextSpan token)
    {
        int at = token.At + 1, length = token.Length - 2;
        bool escaped = json.AsSpan(at, length).IndexOf((byte)'\\') >= 0;
        return new Utf8Text(json, at, length, escaped);
    }

    private byte[] Unescaped()
    {
        var reader = new Utf8JsonReader(_utf8.AsSpan(_at - 1, _length + 2));
        reader.Read();
        var text = new byte[_length];
        int n = reader.CopyString(text);
        return n == text.Length ? text : text.AsSpan(0, n).ToArray();
    }

    /// <summary>An escaped view's raw JSON string, quotes included: written as it is.</summary>
    internal ReadOnlySpan<byte> EscapedToken => _escaped ? _utf8.AsSpan(_at - 1, _length + 2) : default;

    /// <summary>Set when the text was made from a string.</summary>
    internal string? Text => _text;

    /// <summary>
    /// The string value the reader is on, unescaped, as UTF-8; throws
    /// <see cref="InvalidOperationException"/> for text that is not valid UTF-8 or an escape that
    /// makes none (a lone surrogate), as <see cref="Utf8JsonReader.GetString"/> would.
    /// </summary>
    public static Utf8Text ReadString(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan; // input is one span: never a sequence
        var utf8 = new byte[raw.Length]; // unescaping never lengthens a text
        int length = reader.ValueIsEscaped ? reader.CopyString(utf8) : Copy(raw, utf8);
        if (!System.Text.Unicode.Utf8.IsValid(utf8.AsSpan(0, length)))
        {
            throw new InvalidOperationException("the text is not valid UTF-8");
        }
        return new Utf8Text(utf8, 0, length, escaped: false);
    }

    /// <summary>A copy of <paramref name="utf8"/>, which must be valid UTF-8.</summary>
    public static Utf8Text Copy(ReadOnlySpan<byte> utf8) => new(utf8.ToArray(), 0, utf8.Length, escaped: false);

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }

    public override string ToString() => _text ?? (_utf8 is null ? "" : Encoding.UTF8.GetString(Utf8));

    public static implicit operator Utf8Text(string text) => new(text);

}

/// <summary>Writes a <see cref="Utf8Text"/> as a JSON string, a large one in pieces.</summary>
internal sealed class Utf8TextConverter : JsonConverter<Utf8Text>
{
    // Written whole, a value is escaped into a temporary buffer of up to six times its size
    // first; in pieces of this size, that buffer stays small.
    private const int Piece = 16 * 1024;

    public override Utf8Text Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? Utf8Text.ReadString(ref reader)
            : throw new JsonException("The JSON value could not be converted to a text.");

    public override void Write(Utf8JsonWriter writer, Utf8Text value, JsonSerializerOptions options)
    {
        if (value.Text is { } text)
        {
            writer.WriteStringValue(text);
            return;
        }
        if (value.EscapedToken is { IsEmpty: false } token)
        {
            writer.WriteRawValue(token, skipInputValidation: true); // checked when it was read
            return;
        }
        WriteUtf8(writer, value.Utf8);
    }

    /// <summary>Writes <paramref name="utf8"/> (valid UTF-8) as a JSON string, a large one in pieces.</summary>
    public static void WriteUtf8(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
#if NET10_0_OR_GREATER
        while (utf8.Length > Piece)
        {
            int cut = Piece;
            while ((utf8[cut] & 0xC0) == 0x80) cut--; // never inside a character
            writer.WriteStringValueSegment(utf8[..cut], isFinalSegment: false);
            utf8 = utf8[cut..];
        }
        writer.WriteStringValueSegment(utf8, isFinalSegment: true);
#else
        writer.WriteStringValue(utf8);
#endif
    }
}
