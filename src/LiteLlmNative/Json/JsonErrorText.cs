using System;

namespace LiteLlmNative.Json;

internal static class JsonErrorText
{
    /// <summary>
    /// A System.Text.Json message without its " Path: … | LineNumber: … | BytePositionInLine: …"
    /// tail: our messages give the path themselves, in our own form.
    /// </summary>
    public static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        int line = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0 || (line >= 0 && line < cut)) cut = line;
        return (cut < 0 ? message : message[..cut]).TrimEnd(' ', '|', '.');
    }
}
