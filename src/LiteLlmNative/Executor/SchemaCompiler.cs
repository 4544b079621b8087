using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Executor.Pattern;

namespace LiteLlmNative.Executor;

/// <summary>
/// Turns a caller's <c>result_schema</c> (docs/documents.md#run-request) into a <see cref="SchemaNode"/> tree,
/// rejecting anything outside the supported subset with
/// <see cref="LiteLlmException.InvalidArgument"/> and a message that names the place in the
/// schema (<c>$.result_schema.properties.tags: unsupported keyword "oneOf"</c>).
/// </summary>
internal static class SchemaCompiler
{
    /// <summary>
    /// Schemas nested deeper than this are rejected. A schema parsed with JsonDocument's
    /// default MaxDepth (64) never comes close; the limit makes the plain recursion of the
    /// compiler and of the validator (which only descends where the schema does) safe for a
    /// schema parsed with a larger MaxDepth too.
    /// </summary>
    public const int MaxSchemaDepth = 64;

    /// <summary>
    /// Keywords accepted and ignored because they only annotate a schema and never constrain
    /// a value. This is the one deliberate exception to "any other keyword is an error"
    /// (docs/documents.md#run-request): schemas written for other tools routinely carry them. Their values are not
    /// checked. Keep this list the only place that grants such an exception.
    /// </summary>
    private static readonly HashSet<string> AnnotationKeywords = new(StringComparer.Ordinal)
    {
        "title",
        "description",
        "$schema",
        "$comment",
        "examples",
        "default",
    };

    private static readonly (string Name, SchemaTypes Type)[] TypeNames =
    {
        ("object", SchemaTypes.Object),
        ("array", SchemaTypes.Array),
        ("string", SchemaTypes.String),
        ("number", SchemaTypes.Number),
        ("integer", SchemaTypes.Integer),
        ("boolean", SchemaTypes.Boolean),
        ("null", SchemaTypes.Null),
    };

    /// <summary>Compiles <paramref name="schema"/>, whose location is <paramref name="path"/> (e.g. <c>$.result_schema</c>).</summary>
    public static SchemaNode Compile(JsonElement schema, string path, bool outputRequiredOnSuccess = false) =>
        CompileNode(schema, path, 1, outputRequiredOnSuccess);

    private static SchemaNode CompileNode(JsonElement schema, string path, int depth, bool outputRequiredOnSuccess)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            throw Error(path, "must be an object (boolean schemas are not supported)");
        }
        if (schema.ValueKind != JsonValueKind.Object) throw Error(path, "must be an object");
        if (depth > MaxSchemaDepth) throw Error(path, $"schema is nested too deeply (more than {MaxSchemaDepth} levels)");

        SchemaTypes types = SchemaTypes.Any;
        string typeText = string.Empty;
        Dictionary<string, SchemaNode>? properties = null;
        List<string>? required = null;
        bool additionalAllowed = true;
        List<JsonElement>? enumValues = null;
        string enumText = string.Empty;
        JsonElement? constValue = null;
        string constText = string.Empty;
        SchemaNode? items = null;
        SchemaBound? minimum = null, maximum = null;
        long? minLength = null, maxLength = null, minItems = null, maxItems = null;
        EcmaPattern? pattern = null;
        string patternText = string.Empty;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            if (!SchemaJson.TryGetName(keyword, out string name)) throw Error(path, "a keyword is not valid UTF-16");
            if (!seen.Add(name)) throw Error(path, $"duplicate keyword {SchemaJson.Quote(name)}");

            JsonElement value = keyword.Value;
            string at = SchemaJson.AppendName(path, name);
            switch (name)
            {
                case "type":
                    (types, typeText) = CompileType(value, at);
                    break;

                case "properties":
                    properties = CompileProperties(value, at, depth);
                    break;

                case "required":
                    required = CompileRequired(value, at);
                    break;

                case "additionalProperties":
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw Error(at, "must be a boolean (schemas are not supported)");
                    }
                    additionalAllowed = value.ValueKind == JsonValueKind.True;
                    break;

                case "enum":
                    if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                    {
                        throw Error(at, "must be a non-empty array");
                    }
                    enumValues = new List<JsonElement>(value.GetArrayLength());
                    var texts = new List<string>(value.GetArrayLength());
                    foreach (JsonElement element in value.EnumerateArray())
                    {
                        enumValues.Add(element.Clone());
                        texts.Add(SchemaJson.Display(element));
                    }
                    enumText = string.Join(", ", texts);
                    break;

                case "const":
                    constValue = value.Clone();
                    constText = SchemaJson.Display(value);
                    break;

                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        throw Error(at, "must be an object (a list of schemas is not supported)");
                    }
                    items = CompileNode(value, at, depth + 1, false);
                    break;

                case "minimum":
                    minimum = CompileBound(value, at);
                    break;

                case "maximum":
                    maximum = CompileBound(value, at);
                    break;

                case "minLength":
                    minLength = CompileCount(value, at);
                    break;

                case "maxLength":
                    maxLength = CompileCount(value, at);
                    break;

                case "minItems":
                    minItems = CompileCount(value, at);
                    break;

                case "maxItems":
                    maxItems = CompileCount(value, at);
                    break;

                case "pattern":
                    pattern = CompilePattern(value, at);
                    patternText = SchemaJson.Display(value);
                    break;

                default:
                    if (AnnotationKeywords.Contains(name)) break;
                    throw Error(path, $"unsupported keyword {SchemaJson.Quote(name)}");
            }
        }

        return new SchemaNode
        {
            Types = types,
            TypeText = typeText,
            Properties = properties,
            Required = required,
            AdditionalPropertiesAllowed = additionalAllowed,
            Enum = enumValues,
            EnumText = enumText,
            Const = constValue,
            ConstText = constText,
            Items = items,
            Minimum = minimum,
            Maximum = maximum,
            MinLength = minLength,
            MaxLength = maxLength,
            MinItems = minItems,
            MaxItems = maxItems,
            Pattern = pattern,
            PatternText = patternText,
            OutputRequiredOnSuccess = outputRequiredOnSuccess,
        };
    }

    private static (SchemaTypes Types, string Text) CompileType(JsonElement value, string at)
    {
        var names = new List<string>();
        SchemaTypes types = SchemaTypes.Any;

        void Add(JsonElement element, string elementPath)
        {
            if (element.ValueKind != JsonValueKind.String || !SchemaJson.TryGetString(element, out string? name))
            {
                throw Error(elementPath, "must be a string");
            }
            SchemaTypes type = SchemaTypes.Any;
            foreach ((string known, SchemaTypes flag) in TypeNames)
            {
                if (string.Equals(known, name, StringComparison.Ordinal)) type = flag;
            }
            if (type == SchemaTypes.Any) throw Error(elementPath, $"unknown type {SchemaJson.Quote(name!)}");
            if ((types & type) == 0) names.Add(name!);
            types |= type;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            Add(value, at);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            if (value.GetArrayLength() == 0) throw Error(at, "must not be an empty array");
            int index = 0;
            foreach (JsonElement element in value.EnumerateArray())
            {
                Add(element, $"{at}[{index}]");
                index++;
            }
        }
        else
        {
            throw Error(at, "must be a string or an array of strings");
        }

        return (types, JoinAlternatives(names));
    }

    private static Dictionary<string, SchemaNode> CompileProperties(JsonElement value, string at, int depth)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Error(at, "must be an object");
        var properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (!SchemaJson.TryGetName(property, out string name)) throw Error(at, "a property name is not valid UTF-16");
            if (properties.ContainsKey(name)) throw Error(at, $"duplicate property {SchemaJson.Quote(name)}");
            properties[name] = CompileNode(property.Value, SchemaJson.AppendName(at, name), depth + 1, false);
        }
        return properties;
    }

    private static List<string> CompileRequired(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Array) throw Error(at, "must be an array of strings");
        var required = new List<string>(value.GetArrayLength());
        int index = 0;
        foreach (JsonElement element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String || !SchemaJson.TryGetString(element, out string? name))
            {
                throw Error($"{at}[{index}]", "must be a string");
            }
            if (!required.Contains(name!)) required.Add(name!);
            index++;
        }
        return required;
    }

    private static SchemaBound CompileBound(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Number) throw Error(at, "must be a number");
        string text = value.GetRawText();
        return new SchemaBound(SchemaNumber.Parse(text), SchemaJson.Display(value));
    }

    private static long CompileCount(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Number
            || !SchemaNumber.Parse(value.GetRawText()).TryGetNonNegativeInteger(out long count))
        {
            throw Error(at, "must be a non-negative integer");
        }
        return count;
    }

    private static EcmaPattern CompilePattern(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.String) throw Error(at, "must be a string");
        if (!SchemaJson.TryGetString(value, out string? source)) throw Error(at, "must be a valid UTF-16 string");
        try
        {
            // Our own engine rather than the framework's (which costs about 850 KB of the native
            // library): ECMA-262 semantics with the u flag, over code points like minLength and
            // maxLength (\d and \w are ASCII-only, as in JavaScript), matched by NFA simulation
            // without backtracking: linear in the value (polynomial with lookarounds), so no
            // pattern can stall a check. Backreferences, which need backtracking, and Unicode
            // properties it has no data for are rejected; a match that exceeds the work budget
            // is reported by the validator.
            return EcmaPattern.Compile(source!);
        }
        catch (PatternSyntaxException e)
        {
            throw Error(at, "invalid regular expression: " + e.Message);
        }
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string JoinAlternatives(List<string> names)
    {
        if (names.Count == 1) return names[0];
        var builder = new StringBuilder();
        for (int i = 0; i < names.Count; i++)
        {
            if (i > 0) builder.Append(i == names.Count - 1 ? " or " : ", ");
            builder.Append(names[i]);
        }
        return builder.ToString();
    }

    private static LiteLlmException Error(string path, string message) =>
        LiteLlmException.InvalidArgument($"{path}: {message}");
}
