using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LiteLlmNative.Testing;

/// <summary>Serialises a status line and header block, and merges test-supplied headers over defaults.</summary>
internal static class ResponseHead
{
    public static byte[] Build(int status, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Defaults first, each replaced by a same-named override (case-insensitive); overrides with
    /// new names are appended in their own order. Tests may therefore replace even Content-Length.
    /// </summary>
    public static List<KeyValuePair<string, string>> Merge(
        IEnumerable<KeyValuePair<string, string>> defaults,
        IReadOnlyDictionary<string, string>? overrides)
    {
        var merged = new List<KeyValuePair<string, string>>();
        var overridden = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (overrides is not null)
        {
            foreach (var name in overrides.Keys)
            {
                overridden.Add(name);
            }
        }

        foreach (var header in defaults)
        {
            if (!overridden.Contains(header.Key))
            {
                merged.Add(header);
            }
        }

        if (overrides is not null)
        {
            merged.AddRange(overrides);
        }

        return merged;
    }

    /// <summary>True when the headers tell the client this connection ends after the response.</summary>
    public static bool SaysClose(IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                && value.Contains("close", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status", // the phrase carries no meaning in HTTP/1.1; any token will do
    };
}
