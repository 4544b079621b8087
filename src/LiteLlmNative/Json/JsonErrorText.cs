using System;
using System.Text.Json;

namespace LiteLlmNative.Json;

/// <summary>
/// What System.Text.Json reports, said in our words: its messages speak to .NET programmers
/// ("Change the reader options", "Expected the literal 'false'") and carry a position tail in
/// its own form; our messages name the place themselves.
/// </summary>
internal static class JsonErrorText
{
    /// <summary>A failure to read JSON in our words: our own readers' as they are, the runtime's reader's translated.</summary>
    public static string Ours(JsonException e) => e is JsonShapeException ? e.Message : Ours(e.Message);

    /// <summary>The runtime reader's syntax error in our words (the position left to the caller).</summary>
    public static string Ours(string message)
    {
        string first = FirstSentence(message);
        // "'fals}' is an invalid JSON literal. Expected the literal 'false'"
        if (first.Contains("is an invalid JSON literal", StringComparison.Ordinal)) return "not a JSON value (the only bare words are true, false and null; strings need double quotes)";
        // "'x' is an invalid start of a value"
        if (first.Contains("is an invalid start of a value", StringComparison.Ordinal)) return $"{Quoted(first)} cannot start a JSON value (strings need double quotes)";
        if (first.Contains("is invalid after a value", StringComparison.Ordinal)) return $"{Quoted(first)} after a value, where ',' or the end of the object or array belongs";
        if (first.Contains("is invalid after a property name", StringComparison.Ordinal)) return "a member name must be followed by ':'";
        if (first.Contains("is invalid after a single JSON value", StringComparison.Ordinal)) return "text follows the end of the JSON value";
        if (first.Contains("Expected depth to be zero", StringComparison.Ordinal)) return "the text ends before every object and array is closed";
        if (first.Contains("reached end of data", StringComparison.Ordinal) || first.Contains("end of the JSON payload", StringComparison.Ordinal)) return "the text ends in the middle of a value";
        if (first.Contains("does not contain any JSON tokens", StringComparison.Ordinal)) return "no JSON value (the text is empty or white space)";
        if (first.Contains("invalid escapable character", StringComparison.Ordinal) || first.Contains("invalid hex character", StringComparison.Ordinal)) return "a string has an invalid escape (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
        if (first.Contains("is invalid within a JSON string", StringComparison.Ordinal)) return "a string contains a control character (it must be escaped, e.g. \\n)";
        if (first.Contains("trailing comma", StringComparison.OrdinalIgnoreCase)) return "a trailing comma (not allowed in JSON)";
        if (first.Contains("comment", StringComparison.OrdinalIgnoreCase)) return "a comment (not allowed in JSON)";
        if (first.Contains("maximum configured depth", StringComparison.Ordinal)) return $"nested deeper than {StrictJsonReader.MaxDepth} levels";
        if (first.Contains("invalid UTF-16", StringComparison.Ordinal) || first.Contains("surrogate", StringComparison.OrdinalIgnoreCase)) return "a \\u escape names half a surrogate pair";
        if (first.Contains("number", StringComparison.OrdinalIgnoreCase)) return "a malformed number";
        return "not valid JSON";
    }

    /// <summary>The first quoted piece of a message ('x' in "'x' is …").</summary>
    private static string Quoted(string message) =>
        message.StartsWith('\'') && message.IndexOf('\'', 1) is int end and > 0 ? message[..(end + 1)] : "a character";

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
