using System;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// Writes the vectors as an array of arrays of numbers, each float in its shortest form that
/// reads back as the same 32-bit float (<see cref="ShortestFloat"/>), so a host parsing the
/// document into float32 gets exactly the bits the server sent. A row is formatted into a
/// buffer of its own and handed to the writer whole: the writer's bookkeeping per value would
/// cost more than the formatting, over millions of values.
/// </summary>
internal sealed class EmbeddingMatrixConverter : JsonConverter<EmbeddingMatrix>
{
    public override EmbeddingMatrix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("embedding vectors are only written");

    public override void Write(Utf8JsonWriter writer, EmbeddingMatrix value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        byte[] row = ArrayPool<byte>.Shared.Rent(value.Dimensions * (ShortestFloat.MaxLength + 1) + 2);
        try
        {
            for (int i = 0; i < value.Count; i++)
            {
                int at = 0;
                row[at++] = (byte)'[';
                foreach (float x in value.Row(i))
                {
                    if (at > 1) row[at++] = (byte)',';
                    at += ShortestFloat.Format(x, row.AsSpan(at));
                }
                row[at++] = (byte)']';
                writer.WriteRawValue(row.AsSpan(0, at), skipInputValidation: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }
        writer.WriteEndArray();
    }
}
