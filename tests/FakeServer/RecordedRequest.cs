using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace LiteLlmNative.Testing;

/// <summary>One request exactly as the server received it.</summary>
/// <param name="Method">The request method, e.g. <c>POST</c>.</param>
/// <param name="Path">The request target as sent, query string included.</param>
/// <param name="Headers">Header names are case-insensitive; repeated headers are joined with ", ".</param>
/// <param name="Body">The decoded body (chunked transfer-encoding already removed).</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Parses the body as JSON; the caller disposes the document.</summary>
    public JsonDocument BodyJson() => JsonDocument.Parse(Body);

    // The synthesized ToString would print "System.Byte[]"; this is what a failing assertion wants to show.
    public override string ToString() => $"{Method} {Path} ({Body.Length} bytes) {BodyText}";
}
