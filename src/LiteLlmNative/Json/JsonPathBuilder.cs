using System.Collections.Generic;
using System.Text;

namespace LiteLlmNative.Json;

/// <summary>Tracks the JSON path (<c>$.messages[2].role</c>) while a reader walks a document.</summary>
internal sealed class JsonPathBuilder
{
    // One frame per open container: arrays count their elements, objects remember the key.
    private readonly List<(bool IsArray, int Index, string? Name)> _frames = new();

    public void Enter(bool isArray) => _frames.Add((isArray, 0, null));

    /// <summary>Closes the innermost container, which is one finished value of its parent.</summary>
    public void Leave()
    {
        _frames.RemoveAt(_frames.Count - 1);
        ValueDone();
    }

    public void Property(string name) => _frames[^1] = (false, 0, name);

    /// <summary>A scalar value has ended: in an array, the next element starts.</summary>
    public void ValueDone()
    {
        if (_frames.Count > 0 && _frames[^1].IsArray)
        {
            _frames[^1] = (true, _frames[^1].Index + 1, null);
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder("$");
        foreach (var (isArray, index, name) in _frames)
        {
            if (isArray) sb.Append('[').Append(index).Append(']');
            else if (name is not null) Append(sb, name);
        }
        return sb.ToString();
    }

    public static string Append(string path, string name)
    {
        var sb = new StringBuilder(path);
        Append(sb, name);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string name)
    {
        if (IsIdentifier(name)) sb.Append('.').Append(name);
        else sb.Append("[\"").Append(name.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\"]");
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }
}
