using System.Text.Encodings.Web;
using System.Text.Json;

namespace LiteLlmNative.Json;

internal static class JsonOutput
{
    /// <summary>
    /// Non-ASCII text is written as UTF-8, not as \u escapes: our documents go to programs and
    /// servers, never into HTML, so the default encoder's escaping only costs bytes and legibility.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
