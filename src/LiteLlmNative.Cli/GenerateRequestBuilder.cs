using System;
using System.Text.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Cli;

/// <summary>
/// Builds the <c>litellm_generate</c> request document (docs/documents.md#generate-request) with Utf8JsonWriter: either
/// from a prompt, or from a whole request document whose fields the flags override. Every call
/// carries a request_id (the document's own, or a fresh <see cref="RequestIds"/> one) so that
/// Ctrl-C can cancel it.
/// </summary>
internal static class GenerateRequestBuilder
{
    /// <summary><c>{"model", "messages": [{"role": "user", "content": prompt}], ...flags}</c>.</summary>
    public static byte[] FromPrompt(string model, string prompt, RequestOverrides flags, string requestId)
    {
        using var buffer = new PooledBuffer(1024 + prompt.Length * 2);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteString("content", prompt);
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteFlags(writer, flags);
            writer.WriteString("request_id", requestId);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The host's document with the flags' fields replaced. A document that is not a JSON object
    /// goes to the library unchanged, so its error (invalid_argument, exit 1) is the library's own.
    /// The model falls back to <paramref name="defaultModel"/> only when the document has none.
    /// <paramref name="requestId"/> comes in as the id to add when the document has no
    /// "request_id", and goes out as the id the call carries.
    /// </summary>
    public static byte[] FromDocument(byte[] document, string source, RequestOverrides flags, string? defaultModel, ref string requestId)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(document, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return document;
        }
        try
        {
            return Rewrite(parsed, document, source, flags, defaultModel, ref requestId);
        }
        catch (InvalidOperationException)
        {
            // Text the writer cannot re-encode (a lone \u surrogate): pass the document through
            // unchanged, so the library rejects it with the path of the bad value.
            return document;
        }
        finally
        {
            parsed.Dispose();
        }
    }

    private static byte[] Rewrite(JsonDocument parsed, byte[] document, string source, RequestOverrides flags, string? defaultModel, ref string requestId)
    {
        {
            JsonElement root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return document;

            bool hasModel = root.TryGetProperty("model", out _);
            // A request_id that is not a string is left for the library to refuse.
            bool hasRequestId = root.TryGetProperty("request_id", out JsonElement ownId);
            if (hasRequestId && ownId.ValueKind == JsonValueKind.String) requestId = ownId.GetString()!;
            string? model = flags.Model ?? (hasModel ? null : defaultModel);
            if (model is null && !hasModel)
            {
                throw new UsageException("generate",
                    $"--model is required: the request document {source} has no \"model\" and {CliEnvironment.ModelVariable} is not set");
            }

            using var buffer = new PooledBuffer(document.Length + 256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    if (IsOverridden(property.Name, flags, model)) continue;
                    property.WriteTo(writer);
                }
                if (model is not null) writer.WriteString("model", model);
                WriteFlags(writer, flags);
                if (!hasRequestId) writer.WriteString("request_id", requestId);
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
    }

    private static bool IsOverridden(string name, RequestOverrides flags, string? model) => name switch
    {
        "model" => model is not null,
        "system" => flags.System is not null,
        "max_tokens" => flags.MaxTokens is not null,
        "temperature" => flags.Temperature is not null,
        _ => false,
    };

    /// <summary>The fields besides model (written by the callers, which decide its fallback).</summary>
    private static void WriteFlags(Utf8JsonWriter writer, RequestOverrides flags)
    {
        if (flags.System is not null) writer.WriteString("system", flags.System);
        if (flags.MaxTokens is { } n) writer.WriteNumber("max_tokens", n);
        if (flags.Temperature is { } t) writer.WriteNumber("temperature", t);
    }
}
