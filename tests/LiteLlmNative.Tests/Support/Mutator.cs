using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiteLlmNative.Tests.Support;

/// <summary>
/// Seeded mutations of JSON documents, at two levels: the bytes (delete, duplicate, replace,
/// insert tokens, invalid UTF-8, truncate) and the tree (flip a value's type, null it, delete
/// or duplicate a member, nest deeply, put in huge numbers or bare NaN/Infinity, random text).
/// Every choice comes from the one <see cref="Random"/>, so a run is reproducible from its seed.
/// </summary>
internal sealed class Mutator
{
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "-0", "1.5", "1e999", "-1e999",
        "NaN", "Infinity", "-Infinity", "9223372036854775808", "-9223372036854775809", "2147483648",
        "\"\\uD800\"", "\"\\u0000\"", "\"x\"", "{}", "[]", "\"\\\"", "//", "/*", "\\", "\u00a0", "\ufeff",
    ];

    // Raw text a tree mutation may put where a value goes; not all of it is JSON on purpose.
    private static readonly string[] RawValues =
    [
        "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "123456789012345678901234567890",
        "9223372036854775807", "9223372036854775808", "2147483647", "2147483648", "-2147483649",
        "0.0000000000000000000001", "-0", "1E2", "1.0", "00", "+1", ".5", "0x10", "undefined",
        "\"\\uDC00\\uD800\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"\\/\"",
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF], [0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private readonly Random _random;

    public Mutator(Random random) => _random = random;

    public Random Random => _random;

    /// <summary>One to three mutations of either kind; <paramref name="what"/> names them, for the summary.</summary>
    public byte[] Mutate(string json, out string what)
    {
        var names = new List<string>();
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++)
        {
            if (_random.Next(2) == 0 && TryTree(bytes, out var mutated, out string treeName))
            {
                bytes = mutated;
                names.Add(treeName);
            }
            else
            {
                bytes = Bytes(bytes, out string byteName);
                names.Add(byteName);
            }
        }

        what = string.Join("+", names);
        return bytes;
    }

    public byte[] Bytes(byte[] input, out string what)
    {
        var b = new List<byte>(input);
        int at = b.Count == 0 ? 0 : _random.Next(b.Count + 1);
        switch (_random.Next(8))
        {
            case 0:
                what = "delete";
                if (b.Count > 0)
                {
                    int start = Math.Min(at, b.Count - 1);
                    b.RemoveRange(start, Math.Min(1 + _random.Next(5), b.Count - start));
                }
                break;
            case 1:
                what = "duplicate";
                if (b.Count > 0)
                {
                    int start = Math.Min(at, b.Count - 1);
                    var piece = b.GetRange(start, Math.Min(1 + _random.Next(20), b.Count - start));
                    b.InsertRange(start, piece);
                }
                break;
            case 2:
                what = "replace-byte";
                if (b.Count > 0) b[Math.Min(at, b.Count - 1)] = (byte)_random.Next(256);
                break;
            case 3:
                what = "insert-token";
                b.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]));
                break;
            case 4:
                what = "invalid-utf8";
                b.InsertRange(at, BadUtf8[_random.Next(BadUtf8.Length)]);
                break;
            case 5:
                what = "truncate";
                b.RemoveRange(at, b.Count - at);
                break;
            case 6:
                what = "random-unicode";
                b.InsertRange(at, Encoding.UTF8.GetBytes(RandomText(1 + _random.Next(4))));
                break;
            default:
                what = "ascii-swap";
                if (b.Count > 1)
                {
                    int i = Math.Min(at, b.Count - 2);
                    (b[i], b[i + 1]) = (b[i + 1], b[i]);
                }
                break;
        }

        return b.ToArray();
    }

    /// <summary>A tree mutation, when the bytes still parse as JSON (duplicate keys, for one, do not).</summary>
    public bool TryTree(byte[] input, out byte[] output, out string what)
    {
        try
        {
            return TryTreeCore(input, out output, out what);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            output = input;
            what = "tree";
            return false;
        }
    }

    private bool TryTreeCore(byte[] input, out byte[] output, out string what)
    {
        output = input;
        what = "tree";
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(input, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return false;
        }

        if (root is null) return false;
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, slots);
        if (slots.Count == 0) return false;
        var (parent, key, index) = slots[_random.Next(slots.Count)];
        var raw = new Dictionary<string, string>();
        JsonNode? replacement;
        switch (_random.Next(9))
        {
            case 0:
                what = "tree-null";
                replacement = null;
                break;
            case 1:
                what = "tree-flip-type";
                replacement = RandomValue(2, raw);
                break;
            case 2:
                what = "tree-raw-literal";
                replacement = Placeholder(RawValues[_random.Next(RawValues.Length)], raw);
                break;
            case 3:
                what = "tree-deep-nesting";
                int depth = new[] { 63, 64, 65, 200, 5000 }[_random.Next(5)];
                replacement = Placeholder(new string('[', depth) + new string(']', depth), raw);
                break;
            case 4:
                what = "tree-random-text";
                replacement = JsonValue.Create(RandomText(1 + _random.Next(30)));
                break;
            case 5:
                what = "tree-big-string";
                replacement = JsonValue.Create(new string('x', 1 + _random.Next(200_000)));
                break;
            case 6:
                what = "tree-delete";
                if (parent is JsonObject o1) o1.Remove(key!);
                else ((JsonArray)parent).RemoveAt(index);
                output = Serialize(root, raw);
                return true;
            case 7:
                what = "tree-unknown-member";
                if (parent is JsonObject o2 && !o2.ContainsKey("zz_" + key))
                {
                    o2["zz_" + key] = RandomValue(2, raw);
                    output = Serialize(root, raw);
                    return true;
                }
                replacement = RandomValue(1, raw);
                break;
            default:
                what = "tree-duplicate-key";
                // JsonObject cannot hold two equal keys: write one, then double it in the text.
                string marker = "__dup_" + _random.Next(1_000_000).ToString(CultureInfo.InvariantCulture) + "__";
                if (parent is JsonObject o3)
                {
                    var value = o3[key!];
                    o3.Remove(key!);
                    o3[marker] = value;
                    string text = Encoding.UTF8.GetString(Serialize(root, raw));
                    string member = "\"" + marker + "\":";
                    int at = text.IndexOf(member, StringComparison.Ordinal);
                    string valueText = value?.ToJsonString() ?? "null";
                    text = text.Replace(member, JsonSerializer.Serialize(key!, LiteLlmNative.Json.LiteLlmJsonContext.Default.String) + ":" + valueText + "," + JsonSerializer.Serialize(key!, LiteLlmNative.Json.LiteLlmJsonContext.Default.String) + ":", StringComparison.Ordinal);
                    output = Encoding.UTF8.GetBytes(text);
                    return at >= 0;
                }
                replacement = RandomValue(1, raw);
                break;
        }

        if (parent is JsonObject obj) obj[key!] = replacement;
        else ((JsonArray)parent)[index] = replacement;
        output = Serialize(root, raw);
        return true;
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> slots)
    {
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o.ToList())
            {
                slots.Add((o, k, -1));
                if (v is not null) Collect(v, slots);
            }
        }
        else if (node is JsonArray a)
        {
            for (int i = 0; i < a.Count; i++)
            {
                slots.Add((a, null, i));
                if (a[i] is { } v) Collect(v, slots);
            }
        }
    }

    private static JsonNode Placeholder(string rawText, Dictionary<string, string> raw)
    {
        string marker = "__raw_" + raw.Count.ToString(CultureInfo.InvariantCulture) + "__";
        raw["\"" + marker + "\""] = rawText;
        return JsonValue.Create(marker);
    }

    private static byte[] Serialize(JsonNode root, Dictionary<string, string> raw)
    {
        string text = root.ToJsonString();
        foreach (var (marker, value) in raw) text = text.Replace(marker, value, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    public JsonNode? RandomValue(int depth, Dictionary<string, string> raw)
    {
        switch (_random.Next(depth > 0 ? 9 : 7))
        {
            case 0: return null;
            case 1: return JsonValue.Create(_random.Next(2) == 0);
            case 2: return JsonValue.Create(_random.Next(-1000, 1000));
            case 3: return JsonValue.Create(_random.NextDouble() * 1e6 - 5e5);
            case 4: return JsonValue.Create(RandomText(_random.Next(12)));
            case 5: return Placeholder(RawValues[_random.Next(RawValues.Length)], raw);
            case 6: return JsonValue.Create("");
            case 7:
                var array = new JsonArray();
                for (int i = _random.Next(4); i > 0; i--) array.Add(RandomValue(depth - 1, raw));
                return array;
            default:
                var obj = new JsonObject();
                for (int i = _random.Next(4); i > 0; i--) obj["k" + i.ToString(CultureInfo.InvariantCulture)] = RandomValue(depth - 1, raw);
                return obj;
        }
    }

    /// <summary>Text from all over Unicode: controls, NUL, BOM, line separators, RTL marks, astral characters.</summary>
    public string RandomText(int length)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            switch (_random.Next(8))
            {
                case 0: sb.Append((char)_random.Next(0, 0x20)); break;
                case 1: sb.Append(new[] { '\u2028', '\u2029', '\ufeff', '\u200f', '\u202e', '\ufffd', '\u00a0', '"', '\\', '/' }[_random.Next(10)]); break;
                case 2: sb.Append(char.ConvertFromUtf32(_random.Next(0x1F600, 0x1F650))); break;
                case 3: sb.Append(char.ConvertFromUtf32(_random.Next(0x10000, 0x10FFFF) is var cp && (cp & 0xFFFE) != 0xFFFE ? cp : 0x10000)); break;
                case 4: sb.Append((char)_random.Next(0x0400, 0x0500)); break;
                case 5: sb.Append((char)_random.Next(0x4E00, 0x9FFF)); break;
                default: sb.Append((char)_random.Next(0x20, 0x7F)); break;
            }
        }

        return sb.ToString();
    }
}
