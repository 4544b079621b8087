using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace LiteLlmNative.Transport;

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

    public SecretRedactor(string secret) : this(new[] { secret }) { }

    public SecretRedactor(IEnumerable<string> secrets)
    {
        var distinct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var forms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string secret in secrets)
        {
            if (string.IsNullOrEmpty(secret)) continue;
            distinct.Add(secret);
            forms.Add(secret);
            forms.Add(Uri.EscapeDataString(secret));
            AddBase64(forms, secret);
            AddBase64(forms, "Bearer " + secret);
        }
        _secrets = new string[distinct.Count];
        distinct.CopyTo(_secrets);
        _forms = new string[forms.Count];
        forms.CopyTo(_forms);
        Array.Sort(_forms, (a, b) => b.Length.CompareTo(a.Length));
    }

    public static SecretRedactor None { get; } = new(Array.Empty<string>());

    private static void AddBase64(HashSet<string> forms, string text)
    {
        string b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        forms.Add(b64);
        string unpadded = b64.TrimEnd('=');
        forms.Add(unpadded);
        forms.Add(unpadded.Replace('+', '-').Replace('/', '_'));
    }

    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || _forms.Length == 0) return text;
        string result = ReplaceForms(text);
        if (result.Contains('\\'))
        {
            // A server's JSON text (an error body) may carry a secret behind escapes.
            string decoded = JsonUnescape(result);
            if (!ReferenceEquals(decoded, result) && HasForm(decoded)) result = ReplaceForms(decoded);
        }
        return result;
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
        if (json.IndexOf((byte)'\\') < 0 && !HasFormUtf8(json)) return;
        if (!AnyStringHasForm(json)) return;
        using var rewritten = new PooledBuffer(json.Length + 64);
        using (var writer = new Utf8JsonWriter(rewritten, Json.JsonOutput.WriterOptions))
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(Redact(reader.GetString())!); break;
                    case JsonTokenType.String: writer.WriteStringValue(Redact(reader.GetString())); break;
                    case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                }
            }
        }
        document.Clear();
        rewritten.WrittenSpan.CopyTo(document.GetSpan(rewritten.Length));
        document.Advance(rewritten.Length);
    }

    private bool AnyStringHasForm(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                string value = reader.GetString()!;
                if (HasForm(value) || (value.Contains('\\') && HasForm(JsonUnescape(value)))) return true;
            }
        }
        return false;
    }

    private bool HasForm(string text)
    {
        foreach (string form in _forms)
        {
            if (text.Contains(form, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Whether the raw bytes hold a form (ASCII, any case): the cheap check before parsing.</summary>
    private bool HasFormUtf8(ReadOnlySpan<byte> bytes)
    {
        foreach (string form in _forms)
        {
            char first = form[0];
            int from = 0;
            while (from < bytes.Length)
            {
                int at = bytes[from..].IndexOfAny((byte)char.ToLowerInvariant(first), (byte)char.ToUpperInvariant(first));
                if (at < 0) break;
                at += from;
                if (bytes.Length - at >= form.Length && System.Text.Ascii.EqualsIgnoreCase(bytes.Slice(at, form.Length), form)) return true;
                from = at + 1;
            }
        }
        return false;
    }

    private string ReplaceForms(string text)
    {
        foreach (string form in _forms)
        {
            if (text.Contains(form, StringComparison.OrdinalIgnoreCase)) text = text.Replace(form, Mask, StringComparison.OrdinalIgnoreCase);
        }
        return text;
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
                    if (i + 6 <= text.Length && int.TryParse(text.AsSpan(i + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out int code))
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
