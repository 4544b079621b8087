using System;
using System.Text.Json;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Json;

/// <summary>
/// One value out of a document by a simple path (<c>content</c>, <c>error.message</c>,
/// <c>response.tool_calls[0].name</c>), for hosts that have no JSON library: a string as its
/// text (escapes decoded), any other value (a number, true, an object) as its JSON text.
/// </summary>
internal static class JsonPathLookup
{
    /// <summary>Writes the value at <paramref name="path"/> into <paramref name="into"/>; false when it is absent, null, or the text is not JSON.</summary>
    public static bool TryGet(ReadOnlySpan<byte> json, ReadOnlySpan<char> path, PooledBuffer into)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read()) return false;
            while (!path.IsEmpty)
            {
                if (path[0] == '[')
                {
                    int close = path.IndexOf(']');
                    if (close < 0 || !int.TryParse(path[1..close], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)) return false;
                    if (!ToElement(ref reader, index)) return false;
                    path = path[(close + 1)..];
                }
                else
                {
                    if (path[0] == '.') path = path[1..];
                    int end = path.IndexOfAny('.', '[');
                    if (end < 0) end = path.Length;
                    if (end == 0 || !ToMember(ref reader, path[..end])) return false;
                    path = path[end..];
                }
            }
            return Write(ref reader, json, into);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // a string that cannot be decoded
        }
    }

    private static bool ToMember(ref Utf8JsonReader reader, ReadOnlySpan<char> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool match = reader.ValueTextEquals(name);
            reader.Read();
            if (match) return true;
            reader.Skip();
        }
        return false;
    }

    private static bool ToElement(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            if (i == index) return true;
            reader.Skip();
        }
        return false;
    }

    private static bool Write(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, PooledBuffer into)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return false;
            case JsonTokenType.String:
                var text = into.GetSpan(reader.ValueSpan.Length); // unescaping never lengthens a text
                into.Advance(reader.CopyString(text));
                return true;
            default:
                long start = reader.TokenStartIndex;
                reader.Skip(); // to the end of an object or array; a scalar is its own end
                var raw = json[(int)start..(int)reader.BytesConsumed];
                raw.CopyTo(into.GetSpan(raw.Length));
                into.Advance(raw.Length);
                return true;
        }
    }
}
