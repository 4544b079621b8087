using System.Text.Json;
using static LiteLlmNative.Provider.RequestRules;

namespace LiteLlmNative.Executor;

/// <summary>What a run asks the server for (docs/documents.md#run-request <c>json_mode</c>).</summary>
internal enum JsonMode
{
    /// <summary>No response_format.</summary>
    Off,
    /// <summary><c>{"type": "json_object"}</c>.</summary>
    JsonObject,
    /// <summary>
    /// <c>{"type": "json_schema", …}</c> with the result schema; a model that refuses it is asked
    /// again with json_object and the schema in the system message, and remembered.
    /// </summary>
    JsonSchema,
    /// <summary>The same as <see cref="JsonSchema"/>: the strongest format each model accepts.</summary>
    Auto,
}

/// <summary>What one request of a run carries: its response_format, and whether the schema is in the system message.</summary>
internal enum WireFormat
{
    None,
    JsonObject,
    JsonSchema,
    /// <summary>json_object, the schema written into the system message: after a model refused json_schema.</summary>
    JsonObjectSchemaInPrompt,
}

internal static class JsonModes
{
    public static JsonMode Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => JsonMode.Off,
        JsonValueKind.True => JsonMode.JsonObject,
        JsonValueKind.String => value.GetString() switch
        {
            "json_object" => JsonMode.JsonObject,
            "json_schema" => JsonMode.JsonSchema,
            "auto" => JsonMode.Auto,
            var other => throw Invalid("$.json_mode", $"\"{other}\" is not one of false, true, \"json_object\", \"json_schema\", \"auto\""),
        },
        _ => throw Invalid("$.json_mode", $"expected false, true, \"json_object\", \"json_schema\" or \"auto\", got {value.ValueKind.ToString().ToLowerInvariant()}"),
    };

    /// <summary>The name an attempt reports (docs/documents.md#run-result <c>attempts[].json_mode</c>).</summary>
    public static string Name(WireFormat format) => format switch
    {
        WireFormat.None => "off",
        WireFormat.JsonSchema => "json_schema",
        _ => "json_object",
    };
}
