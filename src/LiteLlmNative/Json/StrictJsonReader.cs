using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiteLlmNative.Json;

/// <summary>
/// Reads a host's JSON document into a typed request, turning every problem into an
/// <c>invalid_argument</c> error that names the JSON path and what was wrong. Before the
/// serializer sees the bytes, one pass rejects what it would silently accept: duplicate keys
/// (the serializer keeps the last one) and nesting beyond <see cref="MaxDepth"/>.
/// </summary>
internal static class StrictJsonReader
{
    public const int MaxDepth = 64;

    public static T Read<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo, string what) where T : class
    {
        if (!Utf8.IsValid(utf8))
        {
            throw LiteLlmException.InvalidArgument($"{what}: not valid UTF-8 (at byte {InvalidUtf8Offset(utf8)})");
        }
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw LiteLlmException.InvalidArgument($"{what}: empty document, expected a JSON object");
        }
        CheckStructure(utf8, what);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8, typeInfo);
        }
        catch (JsonException e)
        {
            throw LiteLlmException.InvalidArgument($"{what}: {Describe(e, typeInfo)}");
        }
        return value ?? throw LiteLlmException.InvalidArgument($"{what}: must be a JSON object, not null");
    }

    /// <summary>Checks syntax, depth and duplicate keys, with the path of the first problem.</summary>
    private static void CheckStructure(ReadOnlySpan<byte> utf8, string what)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        // One set of seen names per open object; null for arrays. Only objects need them.
        var seen = new List<HashSet<string>?>();
        var path = new JsonPathBuilder();
        try
        {
            reader.Read(); // not empty: Read checked that first
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw LiteLlmException.InvalidArgument($"{what}: must be a JSON object, got {TokenName(reader.TokenType)}");
            }
            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= MaxDepth)
                        {
                            throw LiteLlmException.InvalidArgument($"{what}: {path}: nested deeper than {MaxDepth} levels");
                        }
                        path.Enter(reader.TokenType == JsonTokenType.StartArray);
                        seen.Add(null); // an object's set is made when it has a first key
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        seen.RemoveAt(seen.Count - 1);
                        path.Leave();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!DecodesAsText(ref reader))
                        {
                            throw LiteLlmException.InvalidArgument($"{what}: {path}: a key has an invalid \\u escape (a lone UTF-16 surrogate)");
                        }
                        string name = reader.GetString()!;
                        var names = seen[^1] ??= new HashSet<string>(StringComparer.Ordinal);
                        path.Property(name);
                        if (!names.Add(name))
                        {
                            throw LiteLlmException.InvalidArgument($"{what}: {path}: duplicate key");
                        }
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        // A \u escape may name half a surrogate pair, which is no text at all;
                        // find it here, with its path, rather than deep inside a service.
                        if (!DecodesAsText(ref reader))
                        {
                            throw LiteLlmException.InvalidArgument($"{what}: {path}: invalid \\u escape (a lone UTF-16 surrogate)");
                        }
                        path.ValueDone();
                        break;
                    default:
                        path.ValueDone();
                        break;
                }
            }
            while (reader.Read());
        }
        catch (JsonException e)
        {
            throw LiteLlmException.InvalidArgument(
                $"{what}: malformed JSON at byte {reader.BytesConsumed}: {JsonErrorText.Ours(e)}");
        }
    }

    private static bool DecodesAsText(ref Utf8JsonReader reader)
    {
        try
        {
            reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Describe(JsonException e, JsonTypeInfo root)
    {
        string path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path!;
        string message = e.Message;
        // "The JSON property 'x' could not be mapped to any .NET member contained in type '…'."
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            // The serializer's path already ends with the unknown property's name.
            return $"{path}: unknown field{FieldHints.For(path, root)}";
        }
        // "The JSON value could not be converted to System.Int32. Path: $.x | LineNumber…"
        const string converted = "could not be converted to ";
        int i = message.IndexOf(converted, StringComparison.Ordinal);
        if (i >= 0)
        {
            string type = message[(i + converted.Length)..];
            int end = type.IndexOf(". Path", StringComparison.Ordinal);
            return $"{path}: expected {ExpectedName(end < 0 ? type : type[..end])}";
        }
        return $"{path}: {JsonErrorText.Ours(message)}";
    }

    /// <summary>The JSON kind a .NET type name (as the serializer reports it) stands for.</summary>
    private static string ExpectedName(string clrType)
    {
        // Outermost shape first: List<string> is an array, Dictionary<string,string> an object.
        if (clrType.Contains("List`", StringComparison.Ordinal)) return "an array";
        if (clrType.Contains("Dictionary`", StringComparison.Ordinal)) return "an object of string values";
        if (clrType.Contains("Int32", StringComparison.Ordinal)) return "an integer (32-bit)";
        if (clrType.Contains("Int64", StringComparison.Ordinal)) return "an integer (64-bit)";
        if (clrType.Contains("Double", StringComparison.Ordinal)) return "a number";
        if (clrType.Contains("Boolean", StringComparison.Ordinal)) return "true or false";
        if (clrType.Contains("String", StringComparison.Ordinal)) return "a string";
        return "an object";
    }

    private static string TokenName(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        int offset = 0;
        while (offset < utf8.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed);
            if (status != System.Buffers.OperationStatus.Done) return offset;
            offset += consumed;
        }
        return offset;
    }
}
