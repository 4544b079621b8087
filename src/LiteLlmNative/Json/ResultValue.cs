using System;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>A run's result: the model's JSON object, written by <see cref="ResultElementConverter"/>.</summary>
[JsonConverter(typeof(ResultElementConverter))]
internal sealed record ResultValue(JsonElement Element)
{
    // A class, not a struct, for the reason Utf8Text is one.
    public static implicit operator ResultValue(JsonElement element) => new(element);
}

/// <summary>
/// Writes a run's result as <see cref="JsonElement.WriteTo"/> does, except that a string longer
/// than 4 KiB is written as it lies in the model's answer (its escapes as the model wrote them,
/// the same text): WriteTo would unescape it into one temporary buffer and escape it again into
/// another of up to six times its size, and a result may be as large as max_response_bytes.
/// </summary>
internal sealed class ResultElementConverter : JsonConverter<ResultValue>
{
    private const int LargeString = 4096;

    public override ResultValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, ResultValue value, JsonSerializerOptions options) => WriteElement(writer, value.Element);

    private static void WriteElement(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteElement(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) WriteElement(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String when JsonMarshal.GetRawUtf8Value(value) is { Length: > LargeString } raw:
                writer.WriteRawValue(raw, skipInputValidation: true); // parsed JSON already: a string, quotes included
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
