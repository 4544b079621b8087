using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace LiteLlmNative.Json;

/// <summary>
/// A JSON value built up from the pieces a stream sends of it, the way the OpenAI SDKs add
/// deltas up: strings are appended, objects merged member by member, array elements that are
/// objects with the same <c>index</c> merged and other elements appended, a null never
/// replaces a value, and anything else is replaced by its newer value. Members that name
/// rather than say something (<c>index</c>, <c>type</c>, <c>id</c>, <c>name</c>, <c>format</c>,
/// <c>role</c>) are replaced, not appended: servers repeat them in every piece.
/// </summary>
internal sealed class MergedJson
{
    private enum Kind { Object, Array, Text, Value }

    private readonly Kind _kind;
    private readonly List<KeyValuePair<string, MergedJson>>? _members;
    private readonly List<MergedJson>? _items;
    private StringBuilder? _text;
    private byte[]? _value; // a number, true, false or null, as written

    private MergedJson(Kind kind)
    {
        _kind = kind;
        if (kind == Kind.Object) _members = new();
        else if (kind == Kind.Array) _items = new();
    }

    /// <summary>A new value from the one the reader is on; the reader ends on its last token.</summary>
    public static MergedJson Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new MergedJson(Kind.Object);
                obj.MergeObject(ref reader);
                return obj;
            case JsonTokenType.StartArray:
                var array = new MergedJson(Kind.Array);
                array.MergeArray(ref reader);
                return array;
            case JsonTokenType.String:
                return new MergedJson(Kind.Text) { _text = new StringBuilder(reader.GetString()) };
            default:
                return new MergedJson(Kind.Value) { _value = reader.ValueSpan.ToArray() };
        }
    }

    /// <summary>A new value from <paramref name="json"/>, one complete JSON value.</summary>
    public static MergedJson Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return Read(ref reader);
    }

    public bool IsNull => _kind == Kind.Value && _value is [(byte)'n', ..];

    /// <summary>The member <paramref name="name"/> of an object, or null.</summary>
    public MergedJson? Member(string name)
    {
        if (_members is null) return null;
        foreach (var (key, value) in _members)
        {
            if (key == name) return value;
        }
        return null;
    }

    /// <summary>An object's members, in the order they first came.</summary>
    public IReadOnlyList<KeyValuePair<string, MergedJson>> Members => _members ?? (IReadOnlyList<KeyValuePair<string, MergedJson>>)Array.Empty<KeyValuePair<string, MergedJson>>();

    /// <summary>The text of a string value (null for any other).</summary>
    public string? Text => _text?.ToString();

    /// <summary>
    /// Merges the value the reader is on into this one (<paramref name="name"/>: the member it
    /// came as, for the naming rule) and returns the result: this one, or its replacement.
    /// </summary>
    public MergedJson Merge(ref Utf8JsonReader reader, string? name)
    {
        if (reader.TokenType == JsonTokenType.Null) return this; // a null says nothing new
        if (_kind == Kind.Object && reader.TokenType == JsonTokenType.StartObject)
        {
            MergeObject(ref reader);
            return this;
        }
        if (_kind == Kind.Array && reader.TokenType == JsonTokenType.StartArray)
        {
            MergeArray(ref reader);
            return this;
        }
        if (_kind == Kind.Text && reader.TokenType == JsonTokenType.String && !Names(name))
        {
            _text!.Append(reader.GetString());
            return this;
        }
        return Read(ref reader);
    }

    /// <summary>Merges the members of the object the reader is on.</summary>
    public void MergeObject(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            Set(name, ref reader);
        }
    }

    /// <summary>Merges the value the reader is on into member <paramref name="name"/>.</summary>
    public void Set(string name, ref Utf8JsonReader reader)
    {
        var members = _members!;
        for (int i = 0; i < members.Count; i++)
        {
            if (members[i].Key == name)
            {
                members[i] = new(name, members[i].Value.Merge(ref reader, name));
                return;
            }
        }
        members.Add(new(name, Read(ref reader)));
    }

    private void MergeArray(ref Utf8JsonReader reader)
    {
        var items = _items!;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject && IndexOf(reader) is { } index)
            {
                int at = items.FindIndex(item => item._kind == Kind.Object && item.IndexValue == index);
                if (at >= 0)
                {
                    items[at].MergeObject(ref reader);
                    continue;
                }
            }
            items.Add(Read(ref reader));
        }
    }

    /// <summary>The integer <c>index</c> member of the object a copy of the reader is on, if it has one.</summary>
    private static long? IndexOf(Utf8JsonReader probe)
    {
        int depth = probe.CurrentDepth;
        while (probe.Read() && probe.CurrentDepth > depth)
        {
            if (probe.TokenType == JsonTokenType.PropertyName && probe.CurrentDepth == depth + 1 && probe.ValueTextEquals("index"u8))
            {
                probe.Read();
                return probe.TokenType == JsonTokenType.Number && probe.TryGetInt64(out long value) ? value : null;
            }
            if (probe.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) probe.Skip();
        }
        return null;
    }

    private long? IndexValue =>
        Member("index") is { _kind: Kind.Value, _value: { } raw } && long.TryParse(raw, out long value) ? value : null;

    private static bool Names(string? member) =>
        member is "index" or "type" or "id" or "name" or "format" or "role";

    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (_kind)
        {
            case Kind.Object:
                writer.WriteStartObject();
                foreach (var (key, value) in _members!)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }
                writer.WriteEndObject();
                break;
            case Kind.Array:
                writer.WriteStartArray();
                foreach (var item in _items!) item.WriteTo(writer);
                writer.WriteEndArray();
                break;
            case Kind.Text:
                writer.WriteStringValue(_text!.ToString());
                break;
            default:
                writer.WriteRawValue(_value!, skipInputValidation: true);
                break;
        }
    }

    /// <summary>An empty object, to merge pieces into.</summary>
    public static MergedJson NewObject() => new(Kind.Object);

    /// <summary>An empty array, to add values to.</summary>
    public static MergedJson NewArray() => new(Kind.Array);

    public void Add(MergedJson item) => _items!.Add(item);

    public int Count => _items?.Count ?? _members?.Count ?? 0;
}
