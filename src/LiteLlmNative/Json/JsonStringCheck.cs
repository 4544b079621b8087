using System;

namespace LiteLlmNative.Json;

/// <summary>
/// Checks, without decoding, that JSON text a reader has found well-formed is also text: valid
/// UTF-8, and no <c>\u</c> escape naming half of a surrogate pair on its own (which no string
/// can hold, and a host's parser may refuse). The reader has checked the escapes' syntax; this
/// checks what they name. A large answer is checked in place, never copied for it.
/// </summary>
internal static class JsonStringCheck
{
    /// <summary>Throws <see cref="InvalidOperationException"/> (as decoding would) when <paramref name="json"/> is not text.</summary>
    public static void Check(ReadOnlySpan<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json)) throw new InvalidOperationException("the text is not valid UTF-8");
        for (int i = json.IndexOf((byte)'\\'); i >= 0;)
        {
            // An escape: \uXXXX, or a one-letter one (\\ and \" included: skipped whole).
            if (i + 1 < json.Length && json[i + 1] == (byte)'u' && Hex(json, i + 2) is int unit)
            {
                if (unit is >= 0xDC00 and <= 0xDFFF) throw Lone();
                if (unit is >= 0xD800 and <= 0xDBFF)
                {
                    if (!(i + 7 < json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u'
                          && Hex(json, i + 8) is >= 0xDC00 and <= 0xDFFF)) throw Lone();
                    i += 6; // the pair's second half is checked as its own escape below
                }
                i += 6;
            }
            else
            {
                i += 2;
            }
            if (i >= json.Length) break;
            int next = json[i..].IndexOf((byte)'\\');
            i = next < 0 ? -1 : i + next;
        }
    }

    private static int? Hex(ReadOnlySpan<byte> json, int at)
    {
        if (at + 4 > json.Length) return null;
        int value = 0;
        for (int k = 0; k < 4; k++)
        {
            int d = json[at + k] switch
            {
                >= (byte)'0' and <= (byte)'9' and var c => c - '0',
                >= (byte)'a' and <= (byte)'f' and var c => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' and var c => c - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return null;
            value = value * 16 + d;
        }
        return value;
    }

    private static InvalidOperationException Lone() => new("an escape names a lone UTF-16 surrogate");
}
