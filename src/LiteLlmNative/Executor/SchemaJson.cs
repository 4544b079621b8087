using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LiteLlmNative.Executor;

/// <summary>
/// JSON helpers for <see cref="ResultSchema"/>: JSON equality, the display of values in
/// messages and the spelling of paths. All of it works on <see cref="JsonElement"/> directly
/// (no serializer, nothing for the trimmer to lose).
/// </summary>
internal static class SchemaJson
{
    /// <summary>Values longer than this are cut (with "…") when quoted in a message.</summary>
    private const int DisplayLimit = 80;

    private static readonly JsonWriterOptions CompactWriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// JSON equality: same kind, strings equal code unit by code unit, numbers equal by value
    /// (1 equals 1.0 and 1e0), arrays element by element, objects as sets of members
    /// regardless of order (a duplicated key counts once, its last value wins, as with
    /// <c>JsonElement.TryGetProperty</c>). Recursion depth is bounded by the schema side's
    /// nesting: the walk stops at the first difference in kind.
    /// </summary>
    public static bool JsonEquals(JsonElement a, JsonElement b)
    {
        JsonValueKind kind = a.ValueKind;
        if (kind != b.ValueKind) return false;

        switch (kind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.True:
            case JsonValueKind.False:
                return true;

            case JsonValueKind.Number:
                return SchemaNumber.Parse(a.GetRawText()).Equals(SchemaNumber.Parse(b.GetRawText()));

            case JsonValueKind.String:
                if (TryGetString(a, out string? sa) && TryGetString(b, out string? sb)) return string.Equals(sa, sb, StringComparison.Ordinal);
                // An escaped lone surrogate cannot become a string; compare the JSON text instead.
                return string.Equals(a.GetRawText(), b.GetRawText(), StringComparison.Ordinal);

            case JsonValueKind.Array:
            {
                if (a.GetArrayLength() != b.GetArrayLength()) return false;
                using var ea = a.EnumerateArray();
                using var eb = b.EnumerateArray();
                while (ea.MoveNext() && eb.MoveNext())
                {
                    if (!JsonEquals(ea.Current, eb.Current)) return false;
                }
                return true;
            }

            case JsonValueKind.Object:
            {
                Dictionary<string, JsonElement>? ma = Members(a);
                Dictionary<string, JsonElement>? mb = Members(b);
                if (ma is null || mb is null) return string.Equals(a.GetRawText(), b.GetRawText(), StringComparison.Ordinal);
                if (ma.Count != mb.Count) return false;
                foreach (KeyValuePair<string, JsonElement> member in ma)
                {
                    if (!mb.TryGetValue(member.Key, out JsonElement other) || !JsonEquals(member.Value, other)) return false;
                }
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>
    /// <see cref="JsonElement.GetString"/> without the throw: the JSON reader accepts an
    /// escaped lone surrogate (<c>"\ud800"</c>) that cannot be turned into a string.
    /// </summary>
    public static bool TryGetString(JsonElement element, out string? value)
    {
        try
        {
            value = element.GetString();
            return value is not null;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    /// <summary><see cref="JsonProperty.Name"/> without the throw (see <see cref="TryGetString"/>).</summary>
    public static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }

    /// <summary>The name of a value's kind as the schema's <c>type</c> keyword spells it.</summary>
    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>
    /// A value as quoted in a message: scalars by their raw JSON text (numbers exactly as
    /// written), objects and arrays re-written compactly on one line; cut at 80 characters.
    /// </summary>
    public static string Display(JsonElement value)
    {
        string text = value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? Compact(value)
            : value.GetRawText();
        return Truncate(text);
    }

    /// <summary>Appends <c>.name</c>, or <c>["odd key"]</c> when the name is not a simple identifier.</summary>
    public static void AppendName(StringBuilder path, string name)
    {
        if (IsIdentifier(name)) path.Append('.').Append(name);
        else path.Append('[').Append(Quote(name)).Append(']');
    }

    /// <summary><paramref name="path"/> followed by the property <paramref name="name"/>.</summary>
    public static string AppendName(string path, string name)
    {
        var builder = new StringBuilder(path, path.Length + name.Length + 5);
        AppendName(builder, name);
        return builder.ToString();
    }

    /// <summary>A string as a JSON string literal (quotes, backslashes and controls escaped).</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ') builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>The length of a string in Unicode code points (a surrogate pair counts once).</summary>
    public static long CodePointLength(string value)
    {
        long length = value.Length;
        for (int i = 0; i + 1 < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && char.IsLowSurrogate(value[i + 1]))
            {
                length--;
                i++;
            }
        }
        return length;
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    private static Dictionary<string, JsonElement>? Members(JsonElement obj)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (!TryGetName(property, out string name)) return null;
            members[name] = property.Value;
        }
        return members;
    }

    private static string Compact(JsonElement value)
    {
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, CompactWriterOptions))
            {
                value.WriteTo(writer);
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // A lone surrogate inside cannot be re-written; show the text as it came.
            return value.GetRawText();
        }
    }

    private static string Truncate(string text)
    {
        if (text.Length <= DisplayLimit) return text;
        int cut = DisplayLimit;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
