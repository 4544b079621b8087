using System;
using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Executor.Pattern;

namespace LiteLlmNative.Executor;

/// <summary>The JSON types a schema's <c>type</c> keyword can name.</summary>
[Flags]
internal enum SchemaTypes
{
    /// <summary>No <c>type</c> keyword: any value.</summary>
    Any = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Number = 8,
    Integer = 16,
    Boolean = 32,
    Null = 64,
}

/// <summary>An inclusive numeric bound and its JSON text as the schema wrote it.</summary>
internal sealed record SchemaBound(SchemaNumber Value, string Text);

/// <summary>
/// One compiled (sub)schema: every keyword already checked and turned into the form the
/// validator needs (numbers parsed, patterns compiled, message texts precomputed). Immutable once
/// <see cref="SchemaCompiler"/> has built it, so a <see cref="ResultSchema"/> can be shared.
/// </summary>
internal sealed class SchemaNode
{
    public SchemaTypes Types { get; init; }

    /// <summary>The allowed types for messages, in the schema's order: "string or null".</summary>
    public string TypeText { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }

    public IReadOnlyList<string>? Required { get; init; }

    /// <summary><c>additionalProperties: false</c> turns this off.</summary>
    public bool AdditionalPropertiesAllowed { get; init; } = true;

    /// <summary>The <c>enum</c> values, cloned so they outlive the schema's document.</summary>
    public IReadOnlyList<JsonElement>? Enum { get; init; }

    /// <summary>The <c>enum</c> values as a message lists them: <c>"a", "b", 3</c>.</summary>
    public string EnumText { get; init; } = string.Empty;

    /// <summary>The <c>const</c> value (cloned), or null when there is none.</summary>
    public JsonElement? Const { get; init; }

    public string ConstText { get; init; } = string.Empty;

    public SchemaNode? Items { get; init; }

    public SchemaBound? Minimum { get; init; }

    public SchemaBound? Maximum { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public long? MinItems { get; init; }

    public long? MaxItems { get; init; }

    public EcmaPattern? Pattern { get; init; }

    /// <summary>The pattern as the schema wrote it (a JSON string literal), for messages.</summary>
    public string PatternText { get; init; } = string.Empty;

    /// <summary>
    /// The default Result schema's one rule that the keyword subset cannot say:
    /// <c>output</c> is required when <c>status</c> is <c>"success"</c>. Never set by
    /// <see cref="SchemaCompiler"/> for a caller's schema.
    /// </summary>
    public bool OutputRequiredOnSuccess { get; init; }

    /// <summary>Whether any keyword looks inside an object (so the validator walks its members).</summary>
    public bool ChecksObjects => Properties is not null || Required is not null || !AdditionalPropertiesAllowed || OutputRequiredOnSuccess;
}
