using System.Globalization;
using System.Text;

namespace LiteLlmNative.Cli;

/// <summary>
/// Server text made safe for a terminal: control characters (C0 but line feed and tab, DEL,
/// C1) are shown as <c>\x1B</c>-style escapes instead of reaching the terminal, where an ESC
/// sequence from a hostile server could retitle the window, rewrite what is on screen or
/// worse (escape-sequence injection).
/// </summary>
internal static class TerminalText
{
    public static string Escape(string text)
    {
        int first = IndexOfControl(text);
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static int IndexOfControl(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsControl(text[i])) return i;
        }
        return -1;
    }

    private static bool IsControl(char c) =>
        (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F);
}
