using System;
using System.Collections.Generic;

namespace LiteLlmNative.Transport;

/// <summary>Validates caller-supplied HTTP headers before they can reach the wire.</summary>
internal static class HeaderRules
{
    // Framing headers belong to the HTTP stack; letting a caller set them would corrupt requests.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-length", "transfer-encoding", "connection", "host", "keep-alive", "upgrade", "te", "trailer",
    };

    public static List<KeyValuePair<string, string>> Validate(IReadOnlyDictionary<string, string>? headers, string path)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (headers is null) return result;
        foreach (var (name, value) in headers)
        {
            string at = Json.JsonPathBuilder.Append(path, name);
            if (!IsToken(name))
            {
                throw LiteLlmException.InvalidArgument($"{at}: not a valid HTTP header name");
            }
            if (Reserved.Contains(name))
            {
                throw LiteLlmException.InvalidArgument($"{at}: this header is managed by the library and cannot be set");
            }
            if (value is null)
            {
                throw LiteLlmException.InvalidArgument($"{at}: expected a string");
            }
            if (HasControl(value, allowTab: true))
            {
                throw LiteLlmException.InvalidArgument($"{at}: header values must not contain control characters (CR, LF, NUL, DEL or any other but tab)");
            }
            if (!System.Text.Ascii.IsValid(value))
            {
                throw LiteLlmException.InvalidArgument($"{at}: header values must be ASCII (percent- or base64-encode other text)");
            }
            result.Add(new(name, value));
        }
        return result;
    }

    /// <summary>Whether <paramref name="value"/> has a C0 control character or DEL (RFC 9110 field values allow only tab).</summary>
    public static bool HasControl(string value, bool allowTab)
    {
        foreach (char c in value)
        {
            if ((c < 0x20 && !(allowTab && c == '\t')) || c == 0x7F) return true;
        }
        return false;
    }

    // RFC 9110 token characters.
    private static bool IsToken(string name)
    {
        if (name.Length == 0) return false;
        foreach (char c in name)
        {
            bool ok = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
            if (!ok) return false;
        }
        return true;
    }
}
