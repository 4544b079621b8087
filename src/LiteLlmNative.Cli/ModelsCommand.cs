using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using LiteLlmNative.Client;

namespace LiteLlmNative.Cli;

/// <summary><c>litellm models</c> (docs/cli.md#models): litellm_models, as a table or with --json the document.</summary>
internal static class ModelsCommand
{
    public const string Name = "models";

    private static readonly string[] SwitchFlags = ["--info", "--json"];

    public static int Execute(IReadOnlyList<string> args, CliOutput output)
    {
        ParsedArgs a = ArgParser.Parse(Name, args, [], SwitchFlags);
        if (a.Help)
        {
            output.Write(EndpointHelpText.Models);
            return ExitCodes.Success;
        }
        a.AtMostPositionals(0, "");
        CliEnvironment env = CliEnvironment.Read(Name, Environment.GetEnvironmentVariable);
        bool info = a.Has("--info"), json = a.Has("--json");
        string requestId = RequestIds.Next();
        byte[] request = System.Text.Encoding.UTF8.GetBytes(
            $$"""{"info":{{(info ? "true" : "false")}},"request_id":"{{requestId}}"}""");
        return ApiCall.Invoke(output, env, json, requestId, request, LiteLlmApi.Models, document =>
        {
            if (json)
            {
                output.WriteLine(document);
                return ExitCodes.Success;
            }
            using var doc = JsonDocument.Parse(document.ToArray());
            var models = doc.RootElement.GetProperty("models");
            var table = new TextTable(info
                ? ["MODEL", "ID", "MAX IN", "MAX OUT", "$/M IN", "$/M OUT", "SCHEMA", "TOOLS", "REASONING"]
                : ["ID", "OWNED BY"]);
            foreach (var m in models.EnumerateArray())
            {
                table.Add(info
                    ? [Text(m, "model_group"), Text(m, "id"), Integer(m, "max_input_tokens"), Integer(m, "max_output_tokens"),
                       PerMillion(m, "input_cost_per_token"), PerMillion(m, "output_cost_per_token"),
                       YesNo(m, "supports_response_schema"), YesNo(m, "supports_function_calling"), YesNo(m, "supports_reasoning")]
                    : [Text(m, "id"), Text(m, "owned_by")]);
            }
            if (models.GetArrayLength() == 0) output.Error("litellm: the server lists no models");
            else table.WriteTo(output);
            return ExitCodes.Success;
        });
    }

    private const string Unknown = "-";

    private static string Text(JsonElement m, string name) =>
        m.GetProperty(name) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : Unknown;

    private static string Integer(JsonElement m, string name) =>
        m.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetInt64().ToString(CultureInfo.InvariantCulture) : Unknown;

    /// <summary>A price per token, shown per million tokens as price lists do.</summary>
    private static string PerMillion(JsonElement m, string name) =>
        m.GetProperty(name) is { ValueKind: JsonValueKind.Number } v
            ? Math.Round(v.GetDouble() * 1_000_000, 4).ToString("0.00##", CultureInfo.InvariantCulture)
            : Unknown;

    private static string YesNo(JsonElement m, string name) => m.GetProperty(name).ValueKind switch
    {
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => Unknown,
    };
}
