using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using LiteLlmNative;
using LiteLlmNative.Executor;
using Xunit;

namespace LiteLlmNative.Tests.Executor;

public sealed class ResultSchemaTests
{
    // ---- helpers ---------------------------------------------------------------------------

    private static ResultSchema CompileSchema(string schemaJson)
    {
        using JsonDocument schema = JsonDocument.Parse(schemaJson);
        return ResultSchema.Compile(schema.RootElement);
    }

    private static IReadOnlyList<string> Check(ResultSchema schema, string instanceJson)
    {
        using JsonDocument instance = JsonDocument.Parse(instanceJson);
        return schema.Validate(instance.RootElement);
    }

    private static IReadOnlyList<string> Check(string schemaJson, string instanceJson) =>
        Check(CompileSchema(schemaJson), instanceJson);

    private static IReadOnlyList<string> CheckDefault(string instanceJson) =>
        Check(ResultSchema.Default, instanceJson);

    private static void AssertValid(string schemaJson, string instanceJson) =>
        Assert.Empty(Check(schemaJson, instanceJson));

    private static void AssertSingle(string expected, string schemaJson, string instanceJson) =>
        Assert.Equal(new[] { expected }, Check(schemaJson, instanceJson));

    private static string CompileError(string schemaJson)
    {
        using JsonDocument schema = JsonDocument.Parse(schemaJson);
        JsonElement root = schema.RootElement;
        LiteLlmException error = Assert.Throws<LiteLlmException>(() => ResultSchema.Compile(root));
        Assert.Equal(LiteLlmStatus.InvalidArgument, error.Status);
        Assert.Equal(error.Error.Message, error.Message);
        return error.Message;
    }

    // ---- default schema ----------------------------------------------------------------------

    [Theory]
    [InlineData("""{"status": "failure"}""")]
    [InlineData("""{"status": "escalate"}""")]
    [InlineData("""{"status": "success", "output": {"queue": "billing"}, "summary": "ok", "confidence": 0.9}""")]
    public void Default_AcceptsWellFormedResults(string instance) =>
        Assert.Empty(CheckDefault(instance));

    [Fact]
    public void Default_AllowsOtherFields() =>
        Assert.Empty(CheckDefault("""{"status": "failure", "reason": "x", "extra": [1, 2]}"""));

    [Theory]
    [InlineData("null")]
    [InlineData("{\"a\": 1}")]
    [InlineData("[1]")]
    [InlineData("\"s\"")]
    [InlineData("true")]
    public void Default_OutputMayBeAnyJson(string output) =>
        Assert.Empty(CheckDefault($$"""{"status": "success", "output": {{output}}}"""));

    [Fact]
    public void Default_RootMustBeAnObject() =>
        Assert.Equal(new[] { "$: expected object, got array" }, CheckDefault("""[{"status": "success"}]"""));

    [Fact]
    public void Default_StatusIsRequired() =>
        Assert.Equal(new[] { "$.status: missing required property" }, CheckDefault("""{"output": 1}"""));

    [Fact]
    public void Default_StatusMustBeOneOfTheThreeValues() =>
        Assert.Equal(
            new[] { "$.status: \"done\" is not one of \"success\", \"failure\", \"escalate\"" },
            CheckDefault("""{"status": "done"}"""));

    [Fact]
    public void Default_StatusMustBeAStringValue() =>
        Assert.Equal(
            new[] { "$.status: 1 is not one of \"success\", \"failure\", \"escalate\"" },
            CheckDefault("""{"status": 1}"""));

    [Fact]
    public void Default_StatusIsCaseSensitive() =>
        Assert.Single(CheckDefault("""{"status": "Success", "output": 1}"""));

    [Fact]
    public void Default_OutputIsRequiredWhenStatusIsSuccess() =>
        Assert.Equal(new[] { "$.output: required when status is \"success\"" }, CheckDefault("""{"status": "success"}"""));

    [Theory]
    [InlineData("failure")]
    [InlineData("escalate")]
    public void Default_OutputIsOptionalForOtherStatuses(string status) =>
        Assert.Empty(CheckDefault($$"""{"status": "{{status}}"}"""));

    [Fact]
    public void Default_SummaryMustBeAString() =>
        Assert.Equal(new[] { "$.summary: expected string, got number" }, CheckDefault("""{"status": "failure", "summary": 3}"""));

    [Fact]
    public void Default_ConfidenceAboveOneIsReported() =>
        Assert.Equal(new[] { "$.confidence: 1.7 is above the maximum 1" }, CheckDefault("""{"status": "failure", "confidence": 1.7}"""));

    [Fact]
    public void Default_ConfidenceBelowZeroIsReported() =>
        Assert.Equal(new[] { "$.confidence: -1 is below the minimum 0" }, CheckDefault("""{"status": "failure", "confidence": -1}"""));

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("0.0")]
    [InlineData("0.5")]
    [InlineData("1e0")]
    public void Default_ConfidenceBoundsAreInclusive(string confidence) =>
        Assert.Empty(CheckDefault($$"""{"status": "failure", "confidence": {{confidence}}}"""));

    [Fact]
    public void Default_ConfidenceMustBeANumber() =>
        Assert.Equal(new[] { "$.confidence: expected number, got string" }, CheckDefault("""{"status": "failure", "confidence": "0.9"}"""));

    [Fact]
    public void Default_ReportsEveryViolationTogether() =>
        Assert.Equal(
            new[]
            {
                "$.output: required when status is \"success\"",
                "$.summary: expected string, got null",
                "$.confidence: 2 is above the maximum 1",
            },
            CheckDefault("""{"status": "success", "summary": null, "confidence": 2}"""));

    [Fact]
    public void Default_IsOneSharedInstance() =>
        Assert.Same(ResultSchema.Default, ResultSchema.Default);

    [Fact]
    public void Output_rule_belongs_to_the_default_schema_only() =>
        AssertValid(
            """{"type": "object", "required": ["status"], "properties": {"status": {"enum": ["success"]}}}""",
            """{"status": "success"}""");

    // ---- compile errors -----------------------------------------------------------------------

    [Theory]
    [InlineData("true", "$.result_schema: must be an object (boolean schemas are not supported)")]
    [InlineData("false", "$.result_schema: must be an object (boolean schemas are not supported)")]
    [InlineData("[]", "$.result_schema: must be an object")]
    [InlineData("\"object\"", "$.result_schema: must be an object")]
    [InlineData("null", "$.result_schema: must be an object")]
    [InlineData("""{"properties": {"a": true}}""", "$.result_schema.properties.a: must be an object (boolean schemas are not supported)")]
    [InlineData("""{"items": false}""", "$.result_schema.items: must be an object (boolean schemas are not supported)")]
    [InlineData("""{"items": [{"type": "string"}]}""", "$.result_schema.items: must be an object (a list of schemas is not supported)")]
    [InlineData("""{"items": 3}""", "$.result_schema.items: must be an object")]
    public void Compile_RejectsSchemasThatAreNotObjects(string schema, string expected) =>
        Assert.Equal(expected, CompileError(schema));

    [Theory]
    [InlineData("""{"oneOf": []}""", "$.result_schema: unsupported keyword \"oneOf\"")]
    [InlineData("""{"properties": {"tags": {"oneOf": []}}}""", "$.result_schema.properties.tags: unsupported keyword \"oneOf\"")]
    [InlineData("""{"items": {"anyOf": []}}""", "$.result_schema.items: unsupported keyword \"anyOf\"")]
    [InlineData("""{"properties": {"a": {"items": {"format": "date"}}}}""", "$.result_schema.properties.a.items: unsupported keyword \"format\"")]
    [InlineData("""{"properties": {"odd key": {"$ref": "#"}}}""", "$.result_schema.properties[\"odd key\"]: unsupported keyword \"$ref\"")]
    [InlineData("""{"$defs": {}}""", "$.result_schema: unsupported keyword \"$defs\"")]
    [InlineData("""{"exclusiveMinimum": 0}""", "$.result_schema: unsupported keyword \"exclusiveMinimum\"")]
    [InlineData("""{"patternProperties": {}}""", "$.result_schema: unsupported keyword \"patternProperties\"")]
    [InlineData("""{"uniqueItems": true}""", "$.result_schema: unsupported keyword \"uniqueItems\"")]
    [InlineData("""{"Type": "string"}""", "$.result_schema: unsupported keyword \"Type\"")]
    [InlineData("""{"a\"b": 1}""", "$.result_schema: unsupported keyword \"a\\\"b\"")]
    public void Compile_RejectsUnsupportedKeywordsWithTheirPath(string schema, string expected) =>
        Assert.Equal(expected, CompileError(schema));

    [Theory]
    [InlineData("""{"type": 5}""", "$.result_schema.type: must be a string or an array of strings")]
    [InlineData("""{"type": "int"}""", "$.result_schema.type: unknown type \"int\"")]
    [InlineData("""{"type": "Object"}""", "$.result_schema.type: unknown type \"Object\"")]
    [InlineData("""{"type": ["string", 1]}""", "$.result_schema.type[1]: must be a string")]
    [InlineData("""{"type": ["string", "int"]}""", "$.result_schema.type[1]: unknown type \"int\"")]
    [InlineData("""{"type": []}""", "$.result_schema.type: must not be an empty array")]
    [InlineData("""{"properties": []}""", "$.result_schema.properties: must be an object")]
    [InlineData("""{"properties": {"a": {}, "a": {}}}""", "$.result_schema.properties: duplicate property \"a\"")]
    [InlineData("""{"required": "a"}""", "$.result_schema.required: must be an array of strings")]
    [InlineData("""{"required": ["a", 1]}""", "$.result_schema.required[1]: must be a string")]
    [InlineData("""{"additionalProperties": {}}""", "$.result_schema.additionalProperties: must be a boolean (schemas are not supported)")]
    [InlineData("""{"additionalProperties": "false"}""", "$.result_schema.additionalProperties: must be a boolean (schemas are not supported)")]
    [InlineData("""{"enum": "a"}""", "$.result_schema.enum: must be a non-empty array")]
    [InlineData("""{"enum": []}""", "$.result_schema.enum: must be a non-empty array")]
    [InlineData("""{"minimum": "0"}""", "$.result_schema.minimum: must be a number")]
    [InlineData("""{"maximum": null}""", "$.result_schema.maximum: must be a number")]
    [InlineData("""{"minLength": -1}""", "$.result_schema.minLength: must be a non-negative integer")]
    [InlineData("""{"maxLength": 1.5}""", "$.result_schema.maxLength: must be a non-negative integer")]
    [InlineData("""{"minItems": "2"}""", "$.result_schema.minItems: must be a non-negative integer")]
    [InlineData("""{"maxItems": true}""", "$.result_schema.maxItems: must be a non-negative integer")]
    [InlineData("""{"pattern": 5}""", "$.result_schema.pattern: must be a string")]
    [InlineData("""{"type": "string", "type": "number"}""", "$.result_schema: duplicate keyword \"type\"")]
    [InlineData("""{"properties": {"a": {"properties": {"b": {"minimum": "x"}}}}}""", "$.result_schema.properties.a.properties.b.minimum: must be a number")]
    [InlineData("""{"items": {"required": [null]}}""", "$.result_schema.items.required[0]: must be a string")]
    public void Compile_RejectsMalformedKeywordValuesWithTheirPath(string schema, string expected) =>
        Assert.Equal(expected, CompileError(schema));

    [Fact]
    public void Compile_RejectsAnInvalidPatternNamingTheRegexError()
    {
        string message = CompileError("""{"pattern": "(ab"}""");
        Assert.StartsWith("$.result_schema.pattern: invalid regular expression: ", message);
        Assert.True(message.Length > "$.result_schema.pattern: invalid regular expression: ".Length);
    }

    [Fact]
    public void Compile_RejectsSchemasNestedTooDeeply()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 70; i++) text.Append("{\"items\":");
        text.Append("{}");
        for (int i = 0; i < 70; i++) text.Append('}');
        using JsonDocument schema = JsonDocument.Parse(text.ToString(), new JsonDocumentOptions { MaxDepth = 200 });
        JsonElement root = schema.RootElement;
        LiteLlmException error = Assert.Throws<LiteLlmException>(() => ResultSchema.Compile(root));
        Assert.Equal(LiteLlmStatus.InvalidArgument, error.Status);
        Assert.StartsWith("$.result_schema.items.items.", error.Message);
        Assert.Contains("nested too deeply", error.Message);
    }

    [Theory]
    [InlineData("title", "\"Result\"")]
    [InlineData("description", "\"what the model returns\"")]
    [InlineData("$schema", "\"https://json-schema.org/draft/2020-12/schema\"")]
    [InlineData("$comment", "\"note\"")]
    [InlineData("examples", "[\"not an integer\"]")]
    [InlineData("default", "\"not an integer\"")]
    public void Compile_AcceptsAnnotationKeywordsWhichNeverConstrain(string keyword, string value)
    {
        ResultSchema schema = CompileSchema($$"""{"type": "integer", "{{keyword}}": {{value}}, "properties": {"a": {"{{keyword}}": {{value}} } } }""");
        Assert.Empty(Check(schema, "5"));
        Assert.Equal(new[] { "$: expected integer, got string" }, Check(schema, "\"not an integer\""));
    }

    [Fact]
    public void Compile_AcceptsEveryKeywordTogether()
    {
        ResultSchema schema = CompileSchema("""
            {
              "type": "object", "required": ["status"], "additionalProperties": false,
              "properties": {
                "status": {"enum": ["success", "failure"]},
                "kind": {"const": "ticket"},
                "score": {"type": ["number", "null"], "minimum": 0, "maximum": 10},
                "code": {"type": "string", "minLength": 1, "maxLength": 8, "pattern": "^[A-Z]+$"},
                "tags": {"type": "array", "minItems": 0, "maxItems": 3, "items": {"type": "string"}}
              }
            }
            """);
        Assert.Empty(Check(schema, """{"status": "success", "kind": "ticket", "score": null, "code": "AB", "tags": ["x"]}"""));
    }

    [Fact]
    public void Empty_schema_accepts_anything()
    {
        ResultSchema schema = CompileSchema("{}");
        foreach (string instance in new[] { "null", "1", "\"s\"", "[]", "{\"a\": {}}", "false" })
        {
            Assert.Empty(Check(schema, instance));
        }
    }

    [Fact]
    public void Compiled_schema_outlives_its_document_and_is_reusable()
    {
        ResultSchema schema;
        using (JsonDocument document = JsonDocument.Parse("""{"properties": {"a": {"enum": [{"x": [1]}]}, "b": {"const": "k"}}}"""))
        {
            schema = ResultSchema.Compile(document.RootElement);
        }
        for (int i = 0; i < 3; i++)
        {
            Assert.Empty(Check(schema, """{"a": {"x": [1.0]}, "b": "k"}"""));
            Assert.Equal(new[] { "$.a: {\"x\":[2]} is not one of {\"x\":[1]}", "$.b: must be \"k\"" }, Check(schema, """{"a": {"x": [2]}, "b": "j"}"""));
        }
    }

    // ---- type ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("object", "{}")]
    [InlineData("array", "[]")]
    [InlineData("string", "\"\"")]
    [InlineData("number", "1.5")]
    [InlineData("number", "3")]
    [InlineData("integer", "3")]
    [InlineData("boolean", "true")]
    [InlineData("boolean", "false")]
    [InlineData("null", "null")]
    public void Type_AcceptsMatchingValues(string type, string instance) =>
        AssertValid($$"""{"type": "{{type}}"}""", instance);

    [Theory]
    [InlineData("object", "[]", "array")]
    [InlineData("array", "{}", "object")]
    [InlineData("string", "1", "number")]
    [InlineData("number", "\"1\"", "string")]
    [InlineData("integer", "\"1\"", "string")]
    [InlineData("integer", "1.5", "number")]
    [InlineData("boolean", "0", "number")]
    [InlineData("null", "false", "boolean")]
    [InlineData("object", "null", "null")]
    public void Type_RejectsOtherValuesNamingBothTypes(string type, string instance, string got) =>
        AssertSingle($"$: expected {type}, got {got}", $$"""{"type": "{{type}}"}""", instance);

    [Fact]
    public void Type_ListAcceptsAnyOfItsTypes()
    {
        ResultSchema schema = CompileSchema("""{"type": ["string", "null"]}""");
        Assert.Empty(Check(schema, "\"a\""));
        Assert.Empty(Check(schema, "null"));
        Assert.Equal(new[] { "$: expected string or null, got number" }, Check(schema, "1"));
    }

    [Fact]
    public void Type_ListOfThreeIsSpelledWithCommasAndOr() =>
        AssertSingle("$: expected string, number or null, got boolean", """{"type": ["string", "number", "null"]}""", "true");

    [Fact]
    public void Type_DuplicateNamesInListAreListedOnce() =>
        AssertSingle("$: expected string or null, got array", """{"type": ["string", "null", "string"]}""", "[]");

    [Theory]
    [InlineData("1.0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("1e2")]
    [InlineData("1.5e1")]
    [InlineData("1E+2")]
    [InlineData("100e-2")]
    [InlineData("12345678901234567890123456789")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    public void Integer_AcceptsNumbersWithoutAFractionalPart(string instance) =>
        AssertValid("""{"type": "integer"}""", instance);

    [Theory]
    [InlineData("1.5")]
    [InlineData("0.1")]
    [InlineData("-2.25")]
    [InlineData("1.05e1")]
    [InlineData("1e-400")]
    [InlineData("10000000000000000000000.5")]
    public void Integer_RejectsNumbersWithAFractionalPart(string instance) =>
        AssertSingle("$: expected integer, got number", """{"type": "integer"}""", instance);

    [Fact]
    public void Type_FailureSuppressesTheValuesOtherKeywords() =>
        AssertSingle("$: expected string, got number", """{"type": "string", "enum": ["a"], "minLength": 3}""", "5");

    // ---- properties / required / additionalProperties ---------------------------------------

    [Fact]
    public void Properties_ValidateNestedObjectsWithTheirPath() =>
        AssertSingle(
            "$.a.b: expected string, got boolean",
            """{"properties": {"a": {"properties": {"b": {"type": "string"}}}}}""",
            """{"a": {"b": true}}""");

    [Fact]
    public void Properties_AbsentPropertiesAreNotChecked() =>
        AssertValid("""{"properties": {"a": {"type": "string"}}}""", """{"b": 1}""");

    [Fact]
    public void Properties_IgnoreNonObjects() =>
        AssertValid("""{"properties": {"a": {"type": "string"}}, "required": ["a"]}""", "[1]");

    [Fact]
    public void Required_ReportsEachMissingPropertyAtItsOwnPath() =>
        Assert.Equal(
            new[] { "$.name: missing required property", "$.age: missing required property" },
            Check("""{"required": ["name", "id", "age"]}""", """{"id": 1}"""));

    [Fact]
    public void Required_IsSatisfiedByANullValue() =>
        AssertValid("""{"required": ["name"]}""", """{"name": null}""");

    [Fact]
    public void Required_NestedMissingPropertyHasTheFullPath() =>
        AssertSingle(
            "$.items[1].id: missing required property",
            """{"properties": {"items": {"items": {"required": ["id"]}}}}""",
            """{"items": [{"id": 1}, {"name": "x"}]}""");

    [Fact]
    public void AdditionalPropertiesFalse_ReportsEachUndeclaredProperty() =>
        Assert.Equal(
            new[] { "$.extra: property not allowed", "$[\"more stuff\"]: property not allowed" },
            Check("""{"properties": {"a": {}}, "additionalProperties": false}""", """{"a": 1, "extra": 2, "more stuff": 3}"""));

    [Fact]
    public void AdditionalPropertiesFalse_WithoutPropertiesAllowsNoMembers()
    {
        ResultSchema schema = CompileSchema("""{"additionalProperties": false}""");
        Assert.Empty(Check(schema, "{}"));
        Assert.Equal(new[] { "$.x: property not allowed" }, Check(schema, """{"x": 1}"""));
    }

    [Theory]
    [InlineData("""{"properties": {"a": {}}, "additionalProperties": true}""")]
    [InlineData("""{"properties": {"a": {}}}""")]
    public void AdditionalProperties_AreAllowedByDefaultAndWhenTrue(string schema) =>
        AssertValid(schema, """{"a": 1, "b": 2}""");

    // ---- paths --------------------------------------------------------------------------------

    [Theory]
    [InlineData("odd key", "$[\"odd key\"]")]
    [InlineData("a.b", "$[\"a.b\"]")]
    [InlineData("1abc", "$[\"1abc\"]")]
    [InlineData("", "$[\"\"]")]
    [InlineData("quo\"te", "$[\"quo\\\"te\"]")]
    [InlineData("back\\slash", "$[\"back\\\\slash\"]")]
    [InlineData("ünï", "$[\"ünï\"]")]
    [InlineData("_ok", "$._ok")]
    [InlineData("a1_B", "$.a1_B")]
    public void Paths_WriteOddKeysInBracketsAndSimpleOnesWithADot(string key, string expectedPath)
    {
        string quotedKey = JsonEncodedText.Encode(key).ToString();
        AssertSingle(
            expectedPath + ": expected string, got number",
            $$"""{"properties": {"{{quotedKey}}": {"type": "string"} } }""",
            $$"""{"{{quotedKey}}": 1}""");
    }

    [Fact]
    public void Paths_EscapeControlCharactersInKeys() =>
        AssertSingle("$[\"a\\nb\"]: missing required property", """{"required": ["a\nb"]}""", "{}");

    [Fact]
    public void Paths_EscapeOtherControlCharactersAsUnicodeEscapes() =>
        AssertSingle("$[\"a\\u0001b\"]: missing required property", """{"required": ["a\u0001b"]}""", "{}");

    [Fact]
    public void Paths_NameArrayIndexesAndNestedMembers() =>
        AssertSingle(
            "$.a.items[3].b[0]: expected integer, got string",
            """{"properties": {"a": {"properties": {"items": {"items": {"properties": {"b": {"items": {"type": "integer"}}}}}}}}}""",
            """{"a": {"items": [{}, {}, {"b": []}, {"b": ["x", 1]}]}}""");

    [Fact]
    public void Paths_RootArrayItems() =>
        Assert.Equal(
            new[] { "$[0]: expected string, got number", "$[2]: expected string, got null" },
            Check("""{"items": {"type": "string"}}""", """[1, "ok", null]"""));

    // ---- enum / const -------------------------------------------------------------------------

    [Fact]
    public void Enum_AcceptsAListedValue() =>
        AssertValid("""{"enum": ["a", 2, null, [1], {"k": true}]}""", """{"k": true}""");

    [Fact]
    public void Enum_RejectsUnlistedValueListingTheAllowedOnes() =>
        AssertSingle("$.n: 3 is not one of 1, 2", """{"properties": {"n": {"enum": [1, 2]}}}""", """{"n": 3}""");

    [Theory]
    [InlineData("1.0")]
    [InlineData("1e0")]
    [InlineData("10e-1")]
    [InlineData("1.000")]
    [InlineData("0.1e1")]
    public void Enum_ComparesNumbersByValue(string instance) =>
        AssertValid("""{"enum": [1]}""", instance);

    [Fact]
    public void Enum_DistinguishesNumbersBeyondDoublePrecision() =>
        AssertSingle(
            "$: 9007199254740993 is not one of 9007199254740992",
            """{"enum": [9007199254740992]}""",
            "9007199254740993");

    [Fact]
    public void Enum_NegativeZeroEqualsZero() =>
        AssertValid("""{"enum": [0]}""", "-0.0");

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("null")]
    public void Enum_DoesNotConvertBetweenKinds(string instance) =>
        Assert.Single(Check("""{"enum": [1]}""", instance));

    [Fact]
    public void Enum_ComparesObjectsRegardlessOfKeyOrder() =>
        AssertValid("""{"enum": [{"a": 1, "b": [true, null]}]}""", """{"b": [true, null], "a": 1.0}""");

    [Theory]
    [InlineData("""{"a": 1}""")]
    [InlineData("""{"a": 1, "b": [true, null], "c": 0}""")]
    [InlineData("""{"a": 1, "b": [null, true]}""")]
    public void Enum_ObjectsAndArraysMustMatchExactly(string instance) =>
        Assert.Single(Check("""{"enum": [{"a": 1, "b": [true, null]}]}""", instance));

    [Fact]
    public void Enum_ComparesUnescapedStrings() =>
        AssertValid("""{"enum": ["Ab"]}""", "\"\\u0041b\"");

    [Fact]
    public void Enum_ShowsLongValuesShortened()
    {
        string longValue = new string('x', 200);
        IReadOnlyList<string> messages = Check("""{"enum": ["a"]}""", $"\"{longValue}\"");
        string message = Assert.Single(messages);
        Assert.EndsWith("… is not one of \"a\"", message);
        Assert.True(message.Length < 120, message);
    }

    [Fact]
    public void Display_NeverCutsASurrogatePairInHalf()
    {
        // Raw text: a quote, 78 x, then an emoji whose high surrogate is the 80th character.
        string value = new string('x', 78) + "😀" + new string('y', 20);
        Assert.Equal(
            new[] { "$: \"" + new string('x', 78) + "… is not one of 1" },
            Check("""{"enum": [1]}""", $"\"{value}\""));
    }

    [Fact]
    public void Const_AcceptsEqualValue() =>
        AssertValid("""{"properties": {"kind": {"const": "x"}}}""", """{"kind": "x"}""");

    [Fact]
    public void Const_RejectsOtherValue() =>
        AssertSingle("$.kind: must be \"x\"", """{"properties": {"kind": {"const": "x"}}}""", """{"kind": "y"}""");

    [Fact]
    public void Const_ComparesNumbersByValue()
    {
        ResultSchema schema = CompileSchema("""{"const": 2.50}""");
        Assert.Empty(Check(schema, "2.5"));
        Assert.Empty(Check(schema, "25e-1"));
        Assert.Equal(new[] { "$: must be 2.50" }, Check(schema, "2.51"));
    }

    [Fact]
    public void Const_ShowsObjectsCompactly() =>
        AssertSingle("$: must be {\"a\":[1,2],\"b\":\"ü\"}", """{"const": {"a": [1, 2],  "b": "ü"}}""", """{"a": [1, 2]}""");

    [Fact]
    public void Const_NullIsAValue()
    {
        ResultSchema schema = CompileSchema("""{"const": null}""");
        Assert.Empty(Check(schema, "null"));
        Assert.Equal(new[] { "$: must be null" }, Check(schema, "0"));
    }

    // ---- minimum / maximum --------------------------------------------------------------------

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("10")]
    [InlineData("10.0")]
    public void MinimumAndMaximum_AreInclusive(string instance) =>
        AssertValid("""{"minimum": 0, "maximum": 10}""", instance);

    [Fact]
    public void Minimum_ReportsValueBelowUsingRawText() =>
        AssertSingle("$.x: -0.50 is below the minimum 0.0", """{"properties": {"x": {"minimum": 0.0}}}""", """{"x": -0.50}""");

    [Fact]
    public void Maximum_ReportsValueAboveUsingRawText() =>
        AssertSingle("$.x: 1E+1 is above the maximum 9.5", """{"properties": {"x": {"maximum": 9.5}}}""", """{"x": 1E+1}""");

    [Fact]
    public void Maximum_ComparesExactlyBeyondDoublePrecision() =>
        AssertSingle("$: 0.30000000000000001 is above the maximum 0.3", """{"maximum": 0.3}""", "0.30000000000000001");

    [Fact]
    public void MinimumAndMaximum_HandleNumbersTooLargeForDouble()
    {
        ResultSchema schema = CompileSchema("""{"minimum": -1e400, "maximum": 1}""");
        Assert.Equal(new[] { "$: 1e400 is above the maximum 1" }, Check(schema, "1e400"));
        Assert.Equal(new[] { "$: -1e401 is below the minimum -1e400" }, Check(schema, "-1e401"));
        Assert.Empty(Check(schema, "-1e399"));
    }

    [Fact]
    public void MinimumAndMaximum_IgnoreNonNumbers() =>
        AssertValid("""{"minimum": 5, "maximum": 6}""", "\"1\"");

    // ---- minLength / maxLength / pattern ------------------------------------------------------

    [Fact]
    public void MinLength_ReportsShortString() =>
        AssertSingle("$.title: length 2 is below minLength 3", """{"properties": {"title": {"minLength": 3}}}""", """{"title": "ab"}""");

    [Fact]
    public void MaxLength_ReportsLongString() =>
        AssertSingle("$.title: length 4 is above maxLength 3", """{"properties": {"title": {"maxLength": 3}}}""", """{"title": "abcd"}""");

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"abcde\"")]
    public void MinLengthAndMaxLength_AreInclusive(string instance) =>
        AssertValid("""{"minLength": 3, "maxLength": 5}""", instance);

    [Fact]
    public void Length_CountsUnicodeCodePointsNotUtf16Units()
    {
        // Two emoji: four UTF-16 code units, two code points.
        ResultSchema schema = CompileSchema("""{"minLength": 2, "maxLength": 2}""");
        Assert.Empty(Check(schema, "\"😀😀\""));
        Assert.Empty(Check(schema, "\"\\ud83d\\ude00\\ud83d\\ude00\""));
        Assert.Equal(new[] { "$: length 3 is above maxLength 2" }, Check(schema, "\"😀a😀\""));
        Assert.Equal(new[] { "$: length 1 is below minLength 2" }, Check(schema, "\"😀\""));
    }

    [Fact]
    public void MinLength_AcceptsAnIntegralFloatAndHugeValues()
    {
        AssertSingle("$: length 1 is below minLength 2", """{"minLength": 2.0}""", "\"a\"");
        Assert.Single(Check("""{"minLength": 1e30}""", "\"a\""));
        Assert.Single(Check("""{"minLength": 10000000000000000000}""", "\"a\""));
        Assert.Empty(Check("""{"maxLength": 1e20}""", "\"a\""));
    }

    [Fact]
    public void Lengths_IgnoreNonStrings() =>
        AssertValid("""{"minLength": 3, "maxLength": 0, "pattern": "^x$"}""", "[1, 2]");

    [Fact]
    public void Pattern_MatchesAnywhereUnlessAnchored()
    {
        AssertValid("""{"pattern": "b"}""", "\"abc\"");
        AssertSingle("$: \"abc\" does not match pattern \"^b\"", """{"pattern": "^b"}""", "\"abc\"");
    }

    [Fact]
    public void Pattern_ReportsMismatchWithValueAndPattern() =>
        AssertSingle("$.code: \"ab\" does not match pattern \"^[0-9]+$\"", """{"properties": {"code": {"pattern": "^[0-9]+$"}}}""", """{"code": "ab"}""");

    [Fact]
    public void Pattern_AcceptsMatchingValue() =>
        AssertValid("""{"pattern": "^[0-9]+$"}""", "\"0123\"");

    [Fact]
    public void Pattern_CountsCodePointsAsMaxLengthDoes()
    {
        // Issue 10, item 6: under the u flag, ".{2}" and maxLength 2 agree on two emoji.
        ResultSchema schema = CompileSchema("""{"maxLength": 2, "pattern": "^.{2}$"}""");
        Assert.Empty(Check(schema, "\"😀😀\""));
        Assert.Equal(new[] { "$: \"😀\" does not match pattern \"^.{2}$\"" }, Check(schema, "\"😀\""));
        Assert.Equal(new[] { "$: length 3 is above maxLength 2", "$: \"😀😀😀\" does not match pattern \"^.{2}$\"" }, Check(schema, "\"😀😀😀\""));
    }

    [Fact]
    public void Pattern_IsCaseSensitive() =>
        Assert.Single(Check("""{"pattern": "^abc$"}""", "\"ABC\""));

    [Fact]
    public void Pattern_CatastrophicForBacktrackingIsAnsweredCorrectly()
    {
        // ^(a+)+$ takes exponential time in a backtracking engine on "aaa...ab"; the linear
        // engine gives the right answer for a long value (no timeout, no budget message).
        ResultSchema schema = CompileSchema("""{"properties": {"s": {"pattern": "^(a+)+$"}}}""");
        string failing = new string('a', 29_999) + "b";
        var watch = Stopwatch.StartNew();
        IReadOnlyList<string> messages = Check(schema, $$"""{"s": "{{failing}}"}""");
        watch.Stop();
        // The value itself is shown truncated.
        Assert.EndsWith(" does not match pattern \"^(a+)+$\"", Assert.Single(messages));
        Assert.Empty(Check(schema, $$"""{"s": "{{new string('a', 30_000)}}"}"""));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
    }

    [Fact]
    public void Pattern_TooCostlyIsReportedNotThrown()
    {
        // Polynomial, not exponential, but past the work budget: the lookahead is re-run from
        // every position to the end of a long value.
        ResultSchema schema = CompileSchema("""{"properties": {"s": {"pattern": "^(?:(?=.*$).)*$"}}}""");
        string instance = $$"""{"s": "{{new string('a', 10_000)}}"}""";
        Assert.Equal(new[] { "$.s: pattern \"^(?:(?=.*$).)*$\" is too costly to check against this value" }, Check(schema, instance));
    }

    [Theory]
    [InlineData("(a)\\\\1", "backreferences are not supported (this engine matches in linear time) at offset 3")]
    [InlineData("[z-a]", "range out of order in character class at offset 2")]
    [InlineData("a{100001}", "pattern is too large")]
    [InlineData("a{,2}", "incomplete quantifier at offset 1")] // Annex B reads a literal; the u flag does not
    [InlineData("\\\\p{Script=Latin}", "Unicode script properties are not supported (\\p{Script=Latin}) at offset 0")]
    public void Compile_RejectsUnsupportedPatternsWithTheEngineMessage(string pattern, string expected) =>
        Assert.Equal("$.result_schema.pattern: invalid regular expression: " + expected, CompileError($$"""{"pattern": "{{pattern}}"}"""));

    // ---- minItems / maxItems / items ---------------------------------------------------------

    [Fact]
    public void MaxItems_ReportsTooManyItems() =>
        AssertSingle("$.tags: 5 items is above maxItems 3", """{"properties": {"tags": {"maxItems": 3}}}""", """{"tags": [1, 2, 3, 4, 5]}""");

    [Fact]
    public void MinItems_ReportsTooFewItems()
    {
        AssertSingle("$: 1 item is below minItems 2", """{"minItems": 2}""", "[1]");
        AssertSingle("$: 0 items is below minItems 1", """{"minItems": 1}""", "[]");
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[1, 2, 3]")]
    public void MinItemsAndMaxItems_AreInclusive(string instance) =>
        AssertValid("""{"minItems": 1, "maxItems": 3}""", instance);

    [Fact]
    public void ItemCounts_IgnoreNonArrays() =>
        AssertValid("""{"minItems": 1, "maxItems": 0}""", """{"a": 1}""");

    [Fact]
    public void Items_ValidatesEveryElement()
    {
        ResultSchema schema = CompileSchema("""{"properties": {"tags": {"items": {"type": "string"}}}}""");
        Assert.Empty(Check(schema, """{"tags": ["a", "b"]}"""));
        Assert.Equal(new[] { "$.tags[1]: expected string, got number" }, Check(schema, """{"tags": ["a", 2]}"""));
    }

    // ---- robustness -----------------------------------------------------------------------------

    [Fact]
    public void Messages_AreCappedAtTwenty()
    {
        string schema = "{\"required\": [" + string.Join(", ", Enumerable.Range(0, 30).Select(i => $"\"p{i}\"")) + "]}";
        IReadOnlyList<string> messages = Check(schema, "{}");
        Assert.Equal(20, messages.Count);
        Assert.Equal("$.p0: missing required property", messages[0]);
        Assert.Equal("$.p19: missing required property", messages[19]);
    }

    [Fact]
    public void Messages_CapAppliesAcrossNestedValues()
    {
        string instance = "[" + string.Join(", ", Enumerable.Range(0, 50).Select(_ => "{\"a\": 1, \"b\": 2}")) + "]";
        IReadOnlyList<string> messages = Check("""{"items": {"properties": {"a": {"type": "string"}, "b": {"type": "string"}}}}""", instance);
        Assert.Equal(20, messages.Count);
        Assert.Equal("$[9].b: expected string, got number", messages[19]);
    }

    [Fact]
    public void Validate_ReportsEveryKindOfViolationOnOneValue() =>
        Assert.Equal(
            new[] { "$: \"zz\" is not one of \"abcd\"", "$: must be \"abcd\"", "$: length 2 is below minLength 3", "$: \"zz\" does not match pattern \"a\"" },
            Check("""{"type": "string", "enum": ["abcd"], "const": "abcd", "minLength": 3, "pattern": "a"}""", "\"zz\""));

    [Fact]
    public void Validate_DoesNotThrowOnLoneSurrogateEscapes()
    {
        ResultSchema schema = CompileSchema("""{"required": ["a"], "additionalProperties": false, "properties": {"s": {"minLength": 1, "enum": ["x"]}}}""");
        IReadOnlyList<string> messages = Check(schema, """{"s": "\ud800", "\udc00": 1}""");
        Assert.Equal(
            new[]
            {
                "$.a: missing required property",
                "$.s: \"\\ud800\" is not one of \"x\"",
                "$.s: string contains an unpaired surrogate escape",
                "$: a property name contains an unpaired surrogate escape",
            },
            messages);
    }

    [Fact]
    public void Validate_DeeplyNestedInstanceUnderAShallowSchemaIsFine()
    {
        string deep = new string('[', 60) + new string(']', 60);
        AssertSingle("$: expected object, got array", """{"type": "object", "const": 1}""", deep);
        AssertSingle("$: " + deep.Substring(0, 80) + "… is not one of [[1]]", """{"enum": [[[1]]]}""", deep);
    }

    [Fact]
    public void Validate_RejectsAnUndefinedElement() =>
        Assert.Throws<ArgumentException>(() => ResultSchema.Default.Validate(default));
}
