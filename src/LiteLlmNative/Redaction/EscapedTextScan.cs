using System;
using System.Buffers;

namespace LiteLlmNative.Redaction;

/// <summary>
/// Whether a JSON string, as it lies in a document (escapes and all), holds one of a set of
/// ASCII forms in any letter case, once its escapes are decoded and, for a server's JSON text
/// carried inside the string, decoded a second time: what <see cref="SecretRedactor"/> looks
/// for. It decodes a window at a time, so checking a text as large as an answer needs a few
/// KiB, not a decoded copy (or two) of the text.
/// </summary>
internal static class EscapedTextScan
{
    private const int Window = 16 * 1024;
    // Decoded bytes that are not ASCII stand for themselves here: forms are ASCII, so a
    // character beyond it only has to match nothing.
    private const byte NotAscii = 0xFF;

    public static bool Contains(ReadOnlySpan<byte> raw, string[] asciiForms)
    {
        int longest = 0;
        foreach (string form in asciiForms) longest = Math.Max(longest, form.Length);
        if (longest == 0) return false;
        int keep = longest - 1; // a form may straddle two windows
        byte[] once = ArrayPool<byte>.Shared.Rent(keep + Window);
        byte[] pending = ArrayPool<byte>.Shared.Rent(8 + Window); // the second decoding's input
        byte[] twice = ArrayPool<byte>.Shared.Rent(keep + Window + 8);
        try
        {
            int onceKept = 0, twiceKept = 0, carried = 0, at = 0;
            do
            {
                int n = Decode(raw, ref at, once.AsSpan(onceKept, Window), final: true);
                bool last = at >= raw.Length;
                // The same bytes decoded again; an escape cut off by the window waits for the next.
                once.AsSpan(onceKept, n).CopyTo(pending.AsSpan(carried));
                int pendingLength = carried + n, from = 0;
                int m = Decode(pending.AsSpan(0, pendingLength), ref from, twice.AsSpan(twiceKept, Window + 8), final: last);
                carried = pendingLength - from;
                pending.AsSpan(from, carried).CopyTo(pending);
                if (Found(once.AsSpan(0, onceKept + n), asciiForms) || Found(twice.AsSpan(0, twiceKept + m), asciiForms)) return true;
                onceKept = KeepTail(once, onceKept + n, keep);
                twiceKept = KeepTail(twice, twiceKept + m, keep);
            }
            while (at < raw.Length);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(once);
            ArrayPool<byte>.Shared.Return(pending);
            ArrayPool<byte>.Shared.Return(twice);
        }
    }

    /// <summary>
    /// Decodes JSON escapes from <paramref name="source"/> at <paramref name="at"/> into
    /// <paramref name="into"/> until either is used up. An escape that is malformed stays as
    /// it is; one cut off by the end of the source stays too when <paramref name="final"/>,
    /// else it is left unread for the caller to carry over.
    /// </summary>
    private static int Decode(ReadOnlySpan<byte> source, ref int at, Span<byte> into, bool final)
    {
        int written = 0;
        while (at < source.Length && written < into.Length)
        {
            byte b = source[at];
            if (b != (byte)'\\')
            {
                into[written++] = b;
                at++;
                continue;
            }
            int left = source.Length - at;
            byte kind = left > 1 ? source[at + 1] : (byte)0;
            int length = kind == (byte)'u' ? 6 : 2;
            if (left < length && !final) break; // the rest of it is in the next piece
            byte decoded;
            switch (kind)
            {
                case (byte)'/': case (byte)'\\': case (byte)'"': decoded = kind; break;
                case (byte)'n': decoded = (byte)'\n'; break;
                case (byte)'t': decoded = (byte)'\t'; break;
                case (byte)'r': decoded = (byte)'\r'; break;
                case (byte)'b': decoded = (byte)'\b'; break;
                case (byte)'f': decoded = (byte)'\f'; break;
                case (byte)'u' when left >= 6 && Hex4(source.Slice(at + 2, 4)) is int code and >= 0:
                    decoded = code < 0x80 ? (byte)code : NotAscii;
                    break;
                default:
                    into[written++] = b; // not an escape: the backslash is text
                    at++;
                    continue;
            }
            into[written++] = decoded;
            at += length;
        }
        return written;
    }

    private static int Hex4(ReadOnlySpan<byte> digits)
    {
        int value = 0;
        foreach (byte c in digits)
        {
            int d = c is >= (byte)'0' and <= (byte)'9' ? c - '0' : c is >= (byte)'a' and <= (byte)'f' ? c - 'a' + 10 : c is >= (byte)'A' and <= (byte)'F' ? c - 'A' + 10 : -1;
            if (d < 0) return -1;
            value = value * 16 + d;
        }
        return value;
    }

    /// <summary>Moves the last <paramref name="keep"/> of the first <paramref name="length"/> bytes to the front; returns how many were kept.</summary>
    private static int KeepTail(byte[] buffer, int length, int keep)
    {
        int kept = Math.Min(keep, length);
        buffer.AsSpan(length - kept, kept).CopyTo(buffer);
        return kept;
    }

    /// <summary>Whether <paramref name="text"/> holds a form, ASCII letters in any case.</summary>
    public static bool Found(ReadOnlySpan<byte> text, string[] asciiForms)
    {
        foreach (string form in asciiForms)
        {
            char first = form[0];
            int from = 0;
            while (from < text.Length)
            {
                int at = text[from..].IndexOfAny((byte)char.ToLowerInvariant(first), (byte)char.ToUpperInvariant(first));
                if (at < 0) break;
                at += from;
                if (text.Length - at >= form.Length && System.Text.Ascii.EqualsIgnoreCase(text.Slice(at, form.Length), form)) return true;
                from = at + 1;
            }
        }
        return false;
    }
}
