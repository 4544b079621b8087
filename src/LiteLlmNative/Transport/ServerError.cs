using System;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Transport;

/// <summary>What a non-2xx body says, read from the OpenAI/LiteLLM <c>{"error": {…}}</c> envelope.</summary>
internal readonly record struct ServerError(string? Message, string? Type, string? Code)
{
    public const int BodyLimit = 4096;

    public static ServerError Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return default;
        try
        {
            var envelope = JsonSerializer.Deserialize(body, LiteLlmJsonContext.Default.WireErrorEnvelope);
            if (envelope?.Error is not { } e) return default;
            return new ServerError(AsText(e.Message), AsText(e.Type), AsText(e.Code));
        }
        catch (JsonException)
        {
            return default; // not JSON, or not the envelope: the raw body is still reported
        }
    }

    /// <summary>The first <see cref="BodyLimit"/> bytes as text, cut on a character boundary.</summary>
    public static string? BodyText(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return null;
        int length = Math.Min(body.Length, BodyLimit);
        // Step back over UTF-8 continuation bytes so a character is never cut in half.
        while (length < body.Length && length > 0 && (body[length] & 0xC0) == 0x80) length--;
        return Encoding.UTF8.GetString(body[..length]);
    }

    private static string? AsText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Object or JsonValueKind.Array => e.GetRawText(),
        _ => null,
    };
}
