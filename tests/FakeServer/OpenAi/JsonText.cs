using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LiteLlmNative.Testing;

/// <summary>
/// Writes JSON with Utf8JsonWriter. Reflection-based serialisation is off in this repository,
/// and hand-written writers also keep the wire shape explicit, which is the point of a fake.
/// </summary>
internal static class JsonText
{
    // Relaxed escaping keeps non-ASCII text readable on the wire, as real servers send it.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
