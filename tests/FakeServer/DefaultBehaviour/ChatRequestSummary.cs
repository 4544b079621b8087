using System;
using System.Text;
using System.Text.Json;

namespace LiteLlmNative.Testing;

/// <summary>The parts of a chat request body the model-directed behaviour looks at.</summary>
internal sealed record ChatRequestSummary(
    string Model,
    string LastUserContent,
    int TotalContentLength,
    bool Stream,
    bool IncludeUsage,
    bool JsonObjectWanted,
    string? ResponseFormatType = null,
    bool HasAssistantMessage = false)
{
    /// <summary>Null with a reason when the body is not a JSON object.</summary>
    public static ChatRequestSummary? TryParse(byte[] body, out string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "fake: request body is not a JSON object";
                return null;
            }

            string lastUser = string.Empty;
            int total = 0;
            bool assistant = false;
            if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    if (message.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    string text = ContentText(message);
                    total += text.Length;
                    if (StringProperty(message, "role") == "user")
                    {
                        lastUser = text;
                    }

                    assistant |= StringProperty(message, "role") == "assistant";
                }
            }

            bool includeUsage = root.TryGetProperty("stream_options", out var options)
                && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out var usage)
                && usage.ValueKind == JsonValueKind.True;

            string? formatType = root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
                ? StringProperty(format, "type")
                : null;
            bool jsonObject = formatType is "json_object" or "json_schema";

            problem = string.Empty;
            return new ChatRequestSummary(
                StringProperty(root, "model") ?? string.Empty,
                lastUser,
                total,
                root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
                includeUsage,
                jsonObject,
                formatType,
                assistant);
        }
        catch (JsonException ex)
        {
            problem = "fake: request body is not JSON: " + ex.Message;
            return null;
        }
    }

    /// <summary>
    /// String content as is; for content-part arrays the text parts concatenated, so a client
    /// that sends parts still gets its text echoed.
    /// </summary>
    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && StringProperty(part, "text") is { } piece)
            {
                text.Append(piece);
            }
        }

        return text.ToString();
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
