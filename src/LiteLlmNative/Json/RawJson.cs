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
    private readonly byte[]? _utf8;
    private readonly Action<Utf8JsonWriter>? _write;

    /// <param name="utf8">One complete, valid JSON value (the caller has read it with a reader).</param>
    private RawJson(byte[] utf8) => _utf8 = utf8;

    private RawJson(Action<Utf8JsonWriter> write) => _write = write;

    /// <summary>The value's bytes (for a written one, written now).</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8 ?? Written();

    /// <summary>The array the value is held in, for views into it (see <see cref="Utf8Text.View"/>); null for a written one.</summary>
    public byte[]? Bytes => _utf8;

    /// <summary>
    /// A value written when its document is: one made of parts that are held anyway (a
    /// stream's message, from the response's text), so it costs no copy of its own.
    /// </summary>
    public static RawJson WrittenBy(Action<Utf8JsonWriter> write) => new(write);

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (_write is not null) _write(writer);
        else writer.WriteRawValue(_utf8, skipInputValidation: true); // checked when it was read
    }

    private byte[] Written()
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions)) _write!(writer);
        return buffer.ToArray();
    }

    /// <summary>A copy of <paramref name="value"/>, which must be one valid JSON value.</summary>
    public static RawJson Copy(ReadOnlySpan<byte> value) => new(value.ToArray());

    /// <summary>
    /// A copy of a value a reader has found well-formed, once its text is known to be text: valid
    /// UTF-8 and no <c>\u</c> escape naming a lone surrogate (which a host's parser may refuse).
    /// Throws <see cref="InvalidOperationException"/> otherwise, as reading the strings would.
    /// </summary>
    public static RawJson CopyChecked(ReadOnlySpan<byte> value)
    {
        JsonStringCheck.Check(value);
        return new RawJson(value.ToArray());
    }

    /// <summary>Takes <paramref name="value"/> as it is (no copy); it must be one valid JSON value.</summary>
    public static RawJson Own(byte[] value) => new(value);

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8);
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
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => value.WriteTo(writer);
}
