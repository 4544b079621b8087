using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Executor.Pattern;

namespace LiteLlmNative.Executor;

/// <summary>
/// One validation run of a <see cref="SchemaNode"/> tree against a value: collects up to
/// <see cref="MaxMessages"/> messages, each prefixed by the JSON path of the offending value.
/// </summary>
/// <remarks>
/// Plain recursion is safe: the walk only descends where the schema does (<c>properties</c>,
/// <c>items</c>, and JSON equality against an <c>enum</c>/<c>const</c> value, which stops at
/// the first difference in kind), and <see cref="SchemaCompiler"/> rejects schemas nested
/// deeper than <see cref="SchemaCompiler.MaxSchemaDepth"/>. Instances come from JsonDocument,
/// whose default MaxDepth is 64, but even a deeper instance is walked no deeper than the schema.
/// The path is kept as a stack of segments and only spelled out when a message is written.
/// </remarks>
internal sealed class SchemaValidator
{
    public const int MaxMessages = 20;

    private readonly List<string> _messages = new();
    private readonly List<(string? Name, int Index)> _path = new();
    private readonly WorkLimit _limit;

    public SchemaValidator(WorkLimit limit) => _limit = limit;

    public IReadOnlyList<string> Messages => _messages.Count == 0 ? Array.Empty<string>() : _messages;

    private bool Full => _messages.Count >= MaxMessages;

    public void Validate(SchemaNode node, JsonElement value)
    {
        if (Full) return;
        _limit.Step();

        if (node.Types != SchemaTypes.Any && !MatchesType(node.Types, value))
        {
            // The value is of the wrong kind: the keywords for its kind would only add noise.
            Report($"expected {node.TypeText}, got {SchemaJson.KindName(value.ValueKind)}");
            return;
        }

        if (node.Enum is not null && !IsOneOf(node.Enum, value))
        {
            Report($"{SchemaJson.Display(value)} is not one of {node.EnumText}");
        }

        if (node.Const is JsonElement constValue && !SchemaJson.JsonEquals(constValue, value))
        {
            Report($"must be {node.ConstText}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                ValidateNumber(node, value);
                break;
            case JsonValueKind.String:
                ValidateString(node, value);
                break;
            case JsonValueKind.Array:
                ValidateArray(node, value);
                break;
            case JsonValueKind.Object:
                if (node.ChecksObjects) ValidateObject(node, value);
                break;
        }
    }

    private void ValidateNumber(SchemaNode node, JsonElement value)
    {
        if (node.Minimum is null && node.Maximum is null) return;
        SchemaNumber number = SchemaNumber.Parse(value.GetRawText());
        if (node.Minimum is not null && number.CompareTo(node.Minimum.Value) < 0)
        {
            Report($"{SchemaJson.Display(value)} is below the minimum {node.Minimum.Text}");
        }
        if (node.Maximum is not null && number.CompareTo(node.Maximum.Value) > 0)
        {
            Report($"{SchemaJson.Display(value)} is above the maximum {node.Maximum.Text}");
        }
    }

    private void ValidateString(SchemaNode node, JsonElement value)
    {
        if (node.MinLength is null && node.MaxLength is null && node.Pattern is null) return;
        if (!SchemaJson.TryGetString(value, out string? text))
        {
            Report("string contains an unpaired surrogate escape");
            return;
        }

        long length = SchemaJson.CodePointLength(text!);
        if (node.MinLength is long minLength && length < minLength)
        {
            Report($"length {Invariant(length)} is below minLength {Invariant(minLength)}");
        }
        if (node.MaxLength is long maxLength && length > maxLength)
        {
            Report($"length {Invariant(length)} is above maxLength {Invariant(maxLength)}");
        }

        if (node.Pattern is not null)
        {
            bool matches;
            try
            {
                matches = node.Pattern.IsMatch(text!, _limit);
            }
            catch (PatternBudgetException)
            {
                Report($"pattern {node.PatternText} is too costly to check against this value");
                return;
            }
            if (!matches) Report($"{SchemaJson.Display(value)} does not match pattern {node.PatternText}");
        }
    }

    private void ValidateArray(SchemaNode node, JsonElement value)
    {
        int count = value.GetArrayLength();
        if (node.MinItems is long minItems && count < minItems)
        {
            Report($"{ItemCount(count)} is below minItems {Invariant(minItems)}");
        }
        if (node.MaxItems is long maxItems && count > maxItems)
        {
            Report($"{ItemCount(count)} is above maxItems {Invariant(maxItems)}");
        }

        if (node.Items is null) return;
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (Full) return;
            _path.Add((null, index));
            Validate(node.Items, item);
            _path.RemoveAt(_path.Count - 1);
            index++;
        }
    }

    private void ValidateObject(SchemaNode node, JsonElement value)
    {
        // First pass: which names are present (and the last "status", as TryGetProperty would
        // pick it), so that missing properties are reported before the members' own problems.
        HashSet<string>? present = null;
        JsonElement? status = null;
        if (node.Required is not null || node.OutputRequiredOnSuccess)
        {
            present = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in value.EnumerateObject())
            {
                if (!SchemaJson.TryGetName(property, out string name)) continue;
                present.Add(name);
                if (name == "status") status = property.Value;
            }

            if (node.Required is not null)
            {
                foreach (string name in node.Required)
                {
                    if (!present.Contains(name)) ReportAt(name, "missing required property");
                }
            }
        }

        if (node.OutputRequiredOnSuccess
            && status is JsonElement statusValue
            && statusValue.ValueKind == JsonValueKind.String
            && SchemaJson.TryGetString(statusValue, out string? statusText)
            && statusText == "success"
            && !present!.Contains("output"))
        {
            ReportAt("output", "required when status is \"success\"");
        }

        if (node.Properties is null && node.AdditionalPropertiesAllowed) return;

        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (Full) return;
            if (!SchemaJson.TryGetName(property, out string name))
            {
                Report("a property name contains an unpaired surrogate escape");
                continue;
            }

            if (node.Properties is not null && node.Properties.TryGetValue(name, out SchemaNode? child))
            {
                _path.Add((name, 0));
                Validate(child, property.Value);
                _path.RemoveAt(_path.Count - 1);
            }
            else if (!node.AdditionalPropertiesAllowed)
            {
                ReportAt(name, "property not allowed");
            }
        }
    }

    private static bool MatchesType(SchemaTypes types, JsonElement value)
    {
        SchemaTypes kind = value.ValueKind switch
        {
            JsonValueKind.Object => SchemaTypes.Object,
            JsonValueKind.Array => SchemaTypes.Array,
            JsonValueKind.String => SchemaTypes.String,
            JsonValueKind.Number => SchemaTypes.Number,
            JsonValueKind.True or JsonValueKind.False => SchemaTypes.Boolean,
            JsonValueKind.Null => SchemaTypes.Null,
            _ => SchemaTypes.Any,
        };
        if ((types & kind) != 0) return true;
        return kind == SchemaTypes.Number
            && (types & SchemaTypes.Integer) != 0
            && SchemaNumber.Parse(value.GetRawText()).IsInteger;
    }

    private static bool IsOneOf(IReadOnlyList<JsonElement> values, JsonElement value)
    {
        foreach (JsonElement candidate in values)
        {
            if (SchemaJson.JsonEquals(candidate, value)) return true;
        }
        return false;
    }

    private static string ItemCount(int count) =>
        count == 1 ? "1 item" : Invariant(count) + " items";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Report(string message)
    {
        if (!Full) _messages.Add(FormatPath(null) + ": " + message);
    }

    /// <summary>A message about the member <paramref name="name"/> of the current object.</summary>
    private void ReportAt(string name, string message)
    {
        if (!Full) _messages.Add(FormatPath(name) + ": " + message);
    }

    private string FormatPath(string? extraName)
    {
        var builder = new StringBuilder("$");
        foreach ((string? name, int index) in _path)
        {
            if (name is not null) SchemaJson.AppendName(builder, name);
            else builder.Append('[').Append(index).Append(']');
        }
        if (extraName is not null) SchemaJson.AppendName(builder, extraName);
        return builder.ToString();
    }
}
