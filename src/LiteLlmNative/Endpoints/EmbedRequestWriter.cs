using System.Buffers;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// Writes OpenAI's <c>/embeddings</c> body. It asks for <c>encoding_format: "base64"</c>: a
/// 32-bit float is 4 bytes, 5⅓ as base64 and 10 to 14 as JSON text, and decoding it is a copy
/// rather than a parse (the OpenAI SDKs ask the same). <c>extra_body</c> may override any field.
/// </summary>
internal static class EmbedRequestWriter
{
    public static void Write(EmbedRequest r, IBufferWriter<byte> output)
    {
        using var w = new Utf8JsonWriter(output, JsonOutput.WriterOptions);
        JsonElement extra = r.ExtraBody;
        w.WriteStartObject();
        if (!Overridden(extra, "model")) w.WriteString("model", r.Model);
        w.WritePropertyName("input");
        r.Input.WriteTo(w);
        if (!Overridden(extra, "encoding_format")) w.WriteString("encoding_format", "base64");
        if (r.Dimensions is { } d && !Overridden(extra, "dimensions")) w.WriteNumber("dimensions", d);
        if (r.User is not null && !Overridden(extra, "user")) w.WriteString("user", r.User);
        if (extra.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in extra.EnumerateObject()) p.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private static bool Overridden(JsonElement extra, string name) =>
        extra.ValueKind == JsonValueKind.Object && extra.TryGetProperty(name, out _);
}
