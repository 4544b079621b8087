using System;
using System.Text;

namespace LiteLlmNative;

/// <summary>
/// How much text an error document carries: the start of a server's body and what arrived of
/// a failed stream. The rooms that fill a <see cref="LiteLlmError"/> keep a margin beyond these
/// limits, because the document redacts secrets first and cuts after (a key straddling the
/// limit must still be whole when it is redacted).
/// </summary>
internal static class ErrorLimits
{
    /// <summary>The most of a server's body an error document carries, in UTF-8 bytes.</summary>
    public const int BodyBytes = 4096;

    /// <summary>The margin kept beyond a limit until the document has redacted the text.</summary>
    public const int RedactionMargin = 1024;

    /// <summary>The most of a failed stream's text an error document carries (1 Mi characters).</summary>
    public const int PartialContentChars = 1 << 20;

    /// <summary>The start of a body as text, cut on a character boundary, with the redaction margin.</summary>
    public static string? BodyText(ReadOnlySpan<byte> body) => Cut(body, BodyBytes + RedactionMargin);

    /// <summary>Text cut to at most <paramref name="limit"/> UTF-8 bytes, on a character boundary.</summary>
    public static string? CutText(string? text, int limit = BodyBytes)
    {
        if (text is null || Encoding.UTF8.GetByteCount(text) <= limit) return text;
        return Cut(Encoding.UTF8.GetBytes(text), limit);
    }

    /// <summary>Text cut to at most <paramref name="limit"/> UTF-16 characters.</summary>
    public static string? CutChars(string? text, int limit) => text is null || text.Length <= limit ? text : text[..limit];

    private static string? Cut(ReadOnlySpan<byte> body, int limit)
    {
        if (body.IsEmpty) return null;
        int length = Math.Min(body.Length, limit);
        // Step back over UTF-8 continuation bytes so a character is never cut in half.
        while (length < body.Length && length > 0 && (body[length] & 0xC0) == 0x80) length--;
        return Encoding.UTF8.GetString(body[..length]);
    }
}
