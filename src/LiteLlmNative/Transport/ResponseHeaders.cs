using System.Globalization;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Transport;

/// <summary>Reads the single-valued response headers LiteLLM uses to report cost and identity.</summary>
internal static class ResponseHeaders
{
    public static string? First(HttpResponse response, string name) => response.Head.Get(name);

    public static double? Double(HttpResponse response, string name) =>
        First(response, name) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
        && double.IsFinite(v) ? v : null;

    public static long? Long(HttpResponse response, string name) =>
        First(response, name) is { } text
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
}
