using System.Text.Json;

namespace LiteLlmNative.Json;

internal static class JsonElements
{
    public static JsonElement FromString(string value) =>
        JsonSerializer.SerializeToElement(value, LiteLlmJsonContext.Default.String);

    /// <summary>The parsed value when <paramref name="text"/> is one JSON value, else null.</summary>
    public static JsonElement? TryParse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
