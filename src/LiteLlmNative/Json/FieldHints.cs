using System;
using System.Text.Json.Serialization.Metadata;

namespace LiteLlmNative.Json;

/// <summary>
/// What to add to "unknown field": the field a near-miss name was meant to be (by edit
/// distance, among the fields of the object it is in), or where a field that belongs elsewhere
/// goes.
/// </summary>
internal static class FieldHints
{
    /// <summary>A hint (with a leading space) for the unknown field at <paramref name="path"/>, or "".</summary>
    public static string For(string path, JsonTypeInfo root)
    {
        int dot = path.LastIndexOf('.');
        if (dot < 0) return "";
        string name = path[(dot + 1)..];
        if (name is "stream" or "stream_options")
        {
            return " (a call streams by how it is made, not by a field: litellm_generate_stream, or litellm_generate_async with on_event)";
        }
        JsonTypeInfo? parent = Resolve(root, path[..dot]);
        if (parent is null) return "";
        string? best = null;
        int bestDistance = Math.Min(2, Math.Max(1, name.Length / 3)) + 1;
        foreach (var property in parent.Properties)
        {
            int d = Distance(name, property.Name);
            if (d < bestDistance)
            {
                best = property.Name;
                bestDistance = d;
            }
        }
        return best is null ? "" : $" (did you mean \"{best}\"?)";
    }

    /// <summary>The type at a serializer path such as <c>$.messages[0]</c>, or null.</summary>
    private static JsonTypeInfo? Resolve(JsonTypeInfo root, string path)
    {
        if (!path.StartsWith('$')) return null;
        JsonTypeInfo? at = root;
        int i = 1;
        while (i < path.Length && at is not null)
        {
            if (path[i] == '[')
            {
                int close = path.IndexOf(']', i);
                if (close < 0 || at.ElementType is not { } element) return null;
                at = at.Options.GetTypeInfo(element);
                i = close + 1;
            }
            else if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                string member = path[(i + 1)..end];
                JsonTypeInfo? next = null;
                foreach (var property in at.Properties)
                {
                    if (property.Name == member) next = at.Options.GetTypeInfo(property.PropertyType);
                }
                at = next;
                i = end;
            }
            else
            {
                return null;
            }
        }
        return at is { Kind: JsonTypeInfoKind.Object } ? at : null;
    }

    /// <summary>Edit distance (insertions, deletions, substitutions, adjacent swaps) of two short names.</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 3) return int.MaxValue;
        int w = b.Length + 1;
        var d = new int[(a.Length + 1) * w]; // d[i * w + j]: the distance of a[..i] and b[..j]
        for (int i = 0; i <= a.Length; i++) d[i * w] = i;
        for (int j = 0; j <= b.Length; j++) d[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                int v = Math.Min(Math.Min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1), d[(i - 1) * w + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[(i - 2) * w + j - 2] + 1);
                d[i * w + j] = v;
            }
        }
        return d[a.Length * w + b.Length];
    }
}
