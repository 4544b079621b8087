using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LiteLlmNative.Executor;

/// <summary>
/// A compiled JSON Schema subset (docs/documents.md#run-request <c>result_schema</c>) that validates the JSON object
/// a model returned. Compile once, validate many times; instances are immutable and can be
/// shared between threads.
/// </summary>
/// <remarks>
/// Supported keywords: <c>type</c> (a string or a list of object, array, string, number,
/// integer, boolean, null), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>
/// (boolean), <c>enum</c>, <c>const</c>, <c>items</c> (one schema), <c>minimum</c>,
/// <c>maximum</c>, <c>minLength</c>, <c>maxLength</c>, <c>minItems</c>, <c>maxItems</c>,
/// <c>pattern</c>; plus the annotations listed in <see cref="SchemaCompiler"/>. As in JSON Schema,
/// a keyword that concerns one kind of value (<c>minimum</c>, <c>pattern</c>, …) ignores the others.
/// Files: ResultSchema.cs (this API), SchemaCompiler.cs, SchemaValidator.cs, SchemaNode.cs,
/// SchemaNumber.cs (exact JSON numbers), SchemaJson.cs (equality, paths, display).
/// </remarks>
internal sealed class ResultSchema
{
    /// <summary>The default Result schema of docs/documents.md#run-request, in the subset's own terms.</summary>
    private const string DefaultSchemaJson = """
        {
          "type": "object",
          "required": ["status"],
          "properties": {
            "status": {"enum": ["success", "failure", "escalate"]},
            "output": {},
            "summary": {"type": "string"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1}
          }
        }
        """;

    private readonly SchemaNode _root;

    private ResultSchema(SchemaNode root) => _root = root;

    /// <summary>
    /// The schema used when a run gives no <c>result_schema</c>: an object whose <c>status</c>
    /// is required and one of "success", "failure", "escalate"; <c>output</c> any JSON, required
    /// when status is "success"; <c>summary</c> a string; <c>confidence</c> a number in [0, 1];
    /// other fields allowed.
    /// </summary>
    public static ResultSchema Default { get; } = CreateDefault();

    /// <summary>The default schema as JSON, for the requests and prompts that show a model the schema.</summary>
    public static JsonElement DefaultJson { get; } = ParseDefault();

    /// <summary>
    /// Compiles a caller's schema. Throws <see cref="LiteLlmException"/> (invalid_argument)
    /// naming the place in the schema, rooted at <c>$.result_schema</c>, when the schema uses
    /// an unsupported keyword or a keyword's value is malformed.
    /// </summary>
    public static ResultSchema Compile(JsonElement schema) =>
        new(SchemaCompiler.Compile(schema, "$.result_schema"));

    /// <summary>
    /// Every violation of the schema by <paramref name="instance"/> (at most 20), each starting
    /// with the JSON path of the offending value (<c>$.confidence: 1.7 is above the maximum 1</c>);
    /// empty when the instance is valid. Never throws for any parsed JSON value.
    /// </summary>
    public IReadOnlyList<string> Validate(JsonElement instance) => Validate(instance, WorkLimit.None);

    /// <summary>As <see cref="Validate(JsonElement)"/>, ended by <paramref name="limit"/> (a cancel, the call's deadline).</summary>
    public IReadOnlyList<string> Validate(JsonElement instance, WorkLimit limit)
    {
        if (instance.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("no JSON value to validate", nameof(instance));
        }

        var validator = new SchemaValidator(limit);
        validator.Validate(_root, instance);
        return validator.Messages;
    }

    private static JsonElement ParseDefault()
    {
        using JsonDocument document = JsonDocument.Parse(DefaultSchemaJson);
        return document.RootElement.Clone();
    }

    private static ResultSchema CreateDefault()
    {
        using JsonDocument document = JsonDocument.Parse(DefaultSchemaJson);
        return new ResultSchema(SchemaCompiler.Compile(document.RootElement, "$.result_schema", outputRequiredOnSuccess: true));
    }
}
