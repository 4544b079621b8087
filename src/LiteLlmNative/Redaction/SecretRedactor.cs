using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Redaction;

/// <summary>
/// Removes every secret a client holds (its API key, secret-bearing headers, proxy
/// credentials) from any text that may reach a host: documents, stream events, log events.
/// Each secret is matched in the forms a server plausibly echoes: as it is, in any letter
/// case, percent-encoded, base64 (alone or as <c>Bearer &lt;key&gt;</c>, standard or URL-safe),
/// and inside JSON escapes, which are decoded before matching.
/// </summary>
internal sealed class SecretRedactor
{
    public const string Mask = "[REDACTED]";
    // The shortest tail of a cut text that is still recognisably the start of a secret.
    private const int MinRecognisablePrefix = 4;

    private readonly string[] _forms;      // longest first
    private readonly string[] _secrets;
    private readonly bool _formsAscii;     // the common case: large texts are then checked in place
    // A string of a document longer than this is checked where it lies, not decoded into a
    // string (an answer's text may be as large as max_response_bytes).
    private const int LargeValue = 4096;

    public SecretRedactor(string secret) : this(new[] { secret }) { }

    public SecretRedactor(IEnumerable<string> secrets)
    {
        var distinct = new List<string>();
        var forms = new List<string>();
        foreach (string secret in secrets)
        {
            if (string.IsNullOrEmpty(secret)) continue;
            AddOnce(distinct, secret);
            AddOnce(forms, secret);
            AddOnce(forms, Uri.EscapeDataString(secret));
            AddBase64(forms, secret);
            AddBase64(forms, "Bearer " + secret);
        }
        _secrets = distinct.ToArray();
        // Longest first, so that a form containing another is replaced whole.
        for (int i = 1; i < forms.Count; i++)
        {
            for (int j = i; j > 0 && forms[j].Length > forms[j - 1].Length; j--) (forms[j], forms[j - 1]) = (forms[j - 1], forms[j]);
        }
        _forms = forms.ToArray();
        _formsAscii = Array.TrueForAll(_forms, f => System.Text.Ascii.IsValid(f));
    }

    private static void AddOnce(List<string> list, string value)
    {
        foreach (string existing in list)
        {
            if (existing.Equals(value, StringComparison.OrdinalIgnoreCase)) return;
        }
        list.Add(value);
    }

    public static SecretRedactor None { get; } = new(Array.Empty<string>());

    /// <summary>
    /// This redactor, plus the secrets of one request's own headers (<see cref="HeaderSecrets"/>);
    /// the same one when they carry none, the common case, which costs nothing.
    /// </summary>
    public SecretRedactor With(string[]? secrets)
    {
        if (secrets is null) return this;
        var all = new List<string>(secrets);
        all.AddRange(_secrets);
        return new SecretRedactor(all);
    }

    /// <summary>The secrets among <paramref name="headers"/>, or null when there are none.</summary>
    public static string[]? HeaderSecrets(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null || headers.Count == 0) return null;
        var secrets = new List<string>();
        foreach (var (name, value) in headers) AddHeaderSecrets(secrets, name, value);
        return secrets.Count == 0 ? null : secrets.ToArray();
    }

    /// <summary>A header's secrets: its value and the credentials after an auth scheme, when its name says it carries one.</summary>
    public static void AddHeaderSecrets(List<string> into, string name, string value)
    {
        if (!IsSecretHeader(name)) return;
        into.Add(value);
        int space = value.IndexOf(' ');
        if (space > 0 && space < value.Length - 1) into.Add(value[(space + 1)..].Trim()); // "Bearer <token>"
    }

    private static bool IsSecretHeader(string name) =>
        name.Equals("authorization", StringComparison.OrdinalIgnoreCase)
        || name.Contains("key", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase)
        || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || name.Contains("password", StringComparison.OrdinalIgnoreCase)
        || name.Contains("auth", StringComparison.OrdinalIgnoreCase);

    private static void AddBase64(List<string> forms, string text)
    {
        string b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        AddOnce(forms, b64);
        string unpadded = b64.TrimEnd('=');
        AddOnce(forms, unpadded);
        AddOnce(forms, unpadded.Replace('+', '-').Replace('/', '_'));
    }

    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || _forms.Length == 0) return text;
        string result = ReplaceForms(text);
        if (result.Contains('\\'))
        {
            // A server's JSON text (an error body) may carry a secret behind escapes.
            string decoded = JsonUnescape(result);
            if (decoded != result && HasForm(decoded)) result = ReplaceForms(decoded);
        }
        return result;
    }

    /// <summary>Whether there is anything to redact (a client with no key and no secret headers has nothing).</summary>
    public bool IsEmpty => _forms.Length == 0;

    /// <summary>
    /// The length of the longest end of <paramref name="text"/> that could be the start of a
    /// form of a secret (any case, JSON escapes decoded, an escape cut short counting as any
    /// character): where a secret split across two pieces of a stream would begin.
    /// </summary>
    public int PossibleStartAtEnd(string text)
    {
        if (_forms.Length == 0) return 0;
        int longest = _forms[0].Length; // longest first
        // An escaped character takes up to 6; look that far back only when there are escapes.
        int from = text.Length - Math.Min(text.Length, text.AsSpan(Math.Max(0, text.Length - longest * 6)).Contains('\\') ? longest * 6 : longest - 1);
        for (int at = from; at < text.Length; at++)
        {
            char c = text[at];
            if (c != '\\' && !StartsSomeForm(c)) continue;
            if (CouldStartForm(text.AsSpan(at))) return text.Length - at;
        }
        return 0;
    }

    private bool StartsSomeForm(char c)
    {
        foreach (string form in _forms)
        {
            if (char.ToUpperInvariant(form[0]) == char.ToUpperInvariant(c)) return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="tail"/>, decoded, is the start of a form (and shorter than it).</summary>
    private bool CouldStartForm(ReadOnlySpan<char> tail)
    {
        Span<char> decoded = stackalloc char[Math.Min(tail.Length, 512)];
        int n = 0, at = 0;
        bool open = false; // the tail ends inside an escape: it could go on as anything
        while (at < tail.Length && n < decoded.Length)
        {
            if (tail[at] != '\\')
            {
                decoded[n++] = tail[at++];
                continue;
            }
            if (at + 1 >= tail.Length) { open = true; break; }
            char e = tail[at + 1];
            if (e == 'u')
            {
                if (at + 6 > tail.Length) { open = true; break; }
                int code = Hex4(tail.Slice(at + 2, 4));
                if (code < 0) return false;
                decoded[n++] = (char)code;
                at += 6;
                continue;
            }
            decoded[n++] = e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => e };
            at += 2;
        }
        foreach (string form in _forms)
        {
            if (n < form.Length && (n > 0 || open) && decoded[..n].Equals(form.AsSpan(0, n), StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>
    /// A text already redacted and then cut: drops a tail that is the start of a secret (a key
    /// straddling the cut would otherwise survive minus its end).
    /// </summary>
    public string? TrimSecretTail(string? cut)
    {
        if (string.IsNullOrEmpty(cut)) return cut;
        foreach (string secret in _secrets)
        {
            for (int n = Math.Min(secret.Length - 1, cut.Length); n >= MinRecognisablePrefix; n--)
            {
                if (cut.AsSpan(cut.Length - n).Equals(secret.AsSpan(0, n), StringComparison.OrdinalIgnoreCase))
                {
                    cut = cut[..^n] + Mask;
                    break;
                }
            }
        }
        return cut;
    }

    /// <summary>
    /// Scrubs a serialized JSON document in place: every string and member name redacted. The
    /// document is only rewritten when one of them holds a secret (a quick byte search first).
    /// </summary>
    public void Scrub(PooledBuffer document)
    {
        if (_forms.Length == 0) return;
        ReadOnlySpan<byte> json = document.WrittenSpan;
        // The quick look at the bytes compares ASCII letters only, so it is for ASCII forms.
        if (_formsAscii && json.IndexOf((byte)'\\') < 0 && !EscapedTextScan.Found(json, _forms)) return;
        if (!AnyStringHasForm(json)) return;
        // Only the strings that change are re-encoded; the bytes between them are copied.
        using var rewritten = new PooledBuffer(json.Length + 64);
        var reader = new Utf8JsonReader(json);
        int copied = 0;
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
            if (!TokenHasForm(ref reader)) continue;
            string value = reader.GetString()!;
            string redacted = Redact(value)!;
            if (redacted == value) continue;
            int start = (int)reader.TokenStartIndex; // the opening quote
            int end = start + reader.ValueSpan.Length + 2;
            Append(rewritten, json[copied..start]);
            AppendJsonString(rewritten, redacted);
            copied = end;
        }
        Append(rewritten, json[copied..]);
        document.Clear();
        Append(document, rewritten.WrittenSpan);
    }

    /// <summary>A JSON string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.</summary>
    private static void AppendJsonString(PooledBuffer into, string value)
    {
        Append(into, "\""u8);
        int from = 0;
        Span<byte> escape = stackalloc byte[6];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            AppendUtf8(into, value.AsSpan(from, i - from));
            escape[0] = (byte)'\\';
            int n = 2;
            switch (c)
            {
                case '"': escape[1] = (byte)'"'; break;
                case '\\': escape[1] = (byte)'\\'; break;
                case '\n': escape[1] = (byte)'n'; break;
                default:
                    escape[1] = (byte)'u';
                    escape[2] = (byte)'0';
                    escape[3] = (byte)'0';
                    escape[4] = (byte)"0123456789abcdef"[c >> 4];
                    escape[5] = (byte)"0123456789abcdef"[c & 0xF];
                    n = 6;
                    break;
            }
            Append(into, escape[..n]);
            from = i + 1;
        }
        AppendUtf8(into, value.AsSpan(from));
        Append(into, "\""u8);
    }

    private static void AppendUtf8(PooledBuffer into, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        int n = Encoding.UTF8.GetBytes(text, into.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        into.Advance(n);
    }

    private static void Append(PooledBuffer into, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into.GetSpan(bytes.Length));
        into.Advance(bytes.Length);
    }

    private bool AnyStringHasForm(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && TokenHasForm(ref reader)) return true;
        }
        return false;
    }

    /// <summary>Whether the string the reader is on holds a form, its text decoded once (and twice, for JSON text inside it).</summary>
    private bool TokenHasForm(ref Utf8JsonReader reader)
    {
        if (_formsAscii && reader.ValueSpan.Length > LargeValue) return EscapedTextScan.Contains(reader.ValueSpan, _forms);
        string value = reader.GetString()!;
        return HasForm(value) || (value.Contains('\\') && HasForm(JsonUnescape(value)));
    }

    private bool HasForm(string text)
    {
        foreach (string form in _forms)
        {
            if (text.IndexOf(form, StringComparison.OrdinalIgnoreCase) >= 0) return true;
        }
        return false;
    }

    private string ReplaceForms(string text)
    {
        foreach (string form in _forms)
        {
            int at = text.IndexOf(form, StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            var sb = new StringBuilder(text.Length);
            int from = 0;
            while (at >= 0)
            {
                sb.Append(text, from, at - from).Append(Mask);
                from = at + form.Length;
                at = text.IndexOf(form, from, StringComparison.OrdinalIgnoreCase);
            }
            text = sb.Append(text, from, text.Length - from).ToString();
        }
        return text;
    }

    private static int Hex4(ReadOnlySpan<char> digits)
    {
        int value = 0;
        foreach (char c in digits)
        {
            int d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return -1;
            value = value * 16 + d;
        }
        return value;
    }

    /// <summary>JSON string escapes decoded (\uXXXX, \/, \", \\, \n, ...); anything malformed kept as it is.</summary>
    private static string JsonUnescape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                sb.Append(c);
                continue;
            }
            char e = text[i + 1];
            switch (e)
            {
                case '/': case '\\': case '"': sb.Append(e); i++; break;
                case 'n': sb.Append('\n'); i++; break;
                case 't': sb.Append('\t'); i++; break;
                case 'r': sb.Append('\r'); i++; break;
                case 'b': sb.Append('\b'); i++; break;
                case 'f': sb.Append('\f'); i++; break;
                case 'u':
                    if (i + 6 <= text.Length && Hex4(text.AsSpan(i + 2, 4)) is int code and >= 0)
                    {
                        sb.Append((char)code);
                        i += 5;
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
