using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlmNative.Endpoints;

namespace LiteLlmNative.Json;

/// <summary>
/// Writes the vectors as an array of arrays of numbers, each float in its shortest form that
/// reads back as the same 32-bit float (the runtime's default float formatting), so a host
/// parsing the document into float32 gets exactly the bits the server sent.
/// </summary>
internal sealed class EmbeddingMatrixConverter : JsonConverter<EmbeddingMatrix>
{
    public override EmbeddingMatrix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("embedding vectors are only written");

    public override void Write(Utf8JsonWriter writer, EmbeddingMatrix value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        for (int i = 0; i < value.Count; i++)
        {
            writer.WriteStartArray();
            foreach (float x in value.Row(i)) writer.WriteNumberValue(x);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }
}
