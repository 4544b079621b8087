using System;
using System.Text.Json;

namespace LiteLlmNative.Json;

/// <summary>Where one JSON value lies in the text being read (length 0: absent).</summary>
internal struct TextSpan
{
    public int At, Length;

    public readonly bool IsPresent => Length > 0;
    public readonly ReadOnlySpan<byte> In(ReadOnlySpan<byte> json) => json.Slice(At, Length);

    public static TextSpan Of(ref Utf8JsonReader reader)
    {
        // On the value's first token: the value runs from here to its last token.
        int at = (int)reader.TokenStartIndex;
        reader.Skip();
        return new TextSpan { At = at, Length = (int)reader.BytesConsumed - at };
    }
}

/// <summary>A member of a delta the stream has no rule of its own for, merged as it comes (<see cref="MergedJson"/>).</summary>
/// <remarks>The name is where it lies too: it is decoded when it is merged (a bad escape fails there).</remarks>
internal readonly record struct OtherMember(TextSpan Name, TextSpan Value)
{
    public string NameIn(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(Name.In(json));
        reader.Read();
        return reader.GetString()!;
    }
}
