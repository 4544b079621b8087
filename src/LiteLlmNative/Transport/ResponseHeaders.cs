using System.Globalization;
using System.Net.Http;

namespace LiteLlmNative.Transport;

/// <summary>Reads the single-valued response headers LiteLLM uses to report cost and identity.</summary>
internal static class ResponseHeaders
{
    public static string? First(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values))
        {
            foreach (string v in values) return v;
        }
        return null;
    }

    public static double? Double(HttpResponseMessage response, string name) =>
        First(response, name) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
        && double.IsFinite(v) ? v : null;

    public static long? Long(HttpResponseMessage response, string name) =>
        First(response, name) is { } text
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
}
