using System.Collections.Generic;
using System.Text;

namespace LiteLlmNative.Testing;

/// <summary>Frames data payloads as server-sent events, one byte array per event.</summary>
internal static class SseEncoding
{
    public static List<byte[]> Events(IEnumerable<string> payloads, bool includeDone, bool crlf)
    {
        string eol = crlf ? "\r\n" : "\n";
        var events = new List<byte[]>();
        foreach (var payload in payloads)
        {
            events.Add(Event(payload, eol));
        }

        if (includeDone)
        {
            events.Add(Event("[DONE]", eol));
        }

        return events;
    }

    private static byte[] Event(string payload, string eol)
    {
        // A payload with line breaks becomes several data: lines, which an SSE client joins back
        // with "\n"; writing it raw would produce lines that are not fields at all.
        var text = new StringBuilder();
        foreach (var line in payload.Replace("\r\n", "\n").Split('\n'))
        {
            text.Append("data: ").Append(line).Append(eol);
        }

        text.Append(eol);
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
