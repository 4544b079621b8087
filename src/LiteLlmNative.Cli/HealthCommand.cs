using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using LiteLlmNative.Client;

namespace LiteLlmNative.Cli;

/// <summary>
/// <c>litellm health</c> (docs/cli.md#health): litellm_health. Exits 0 when the proxy is ready;
/// a 2xx that says it is not exits 4, as the 503 an unhealthy LiteLLM sends does.
/// </summary>
internal static class HealthCommand
{
    public const string Name = "health";

    private static readonly string[] SwitchFlags = ["--json"];

    public static int Execute(IReadOnlyList<string> args, CliOutput output)
    {
        ParsedArgs a = ArgParser.Parse(Name, args, [], SwitchFlags);
        if (a.Help)
        {
            output.Write(EndpointHelpText.Health);
            return ExitCodes.Success;
        }
        a.AtMostPositionals(0, "");
        CliEnvironment env = CliEnvironment.Read(Name, Environment.GetEnvironmentVariable);
        bool json = a.Has("--json");
        // No request_id to cancel by: Ctrl-C cancels every call of the client (InterruptGuard).
        return ApiCall.Invoke(output, env, json, RequestIds.Next(), LiteLlmApi.EmptyRequest,
            (client, _, document) => LiteLlmApi.Health(client, document), document =>
        {
            using var doc = JsonDocument.Parse(document.ToArray());
            var root = doc.RootElement;
            bool healthy = root.GetProperty("healthy").GetBoolean();
            if (json)
            {
                output.WriteLine(document);
            }
            else
            {
                var parts = new List<string>();
                if (root.GetProperty("status") is { ValueKind: JsonValueKind.String } status) parts.Add("status " + status.GetString());
                if (root.GetProperty("litellm_version") is { ValueKind: JsonValueKind.String } version) parts.Add("litellm " + version.GetString());
                if (root.GetProperty("db") is { ValueKind: JsonValueKind.String } db) parts.Add("db " + db.GetString());
                string ms = root.GetProperty("latency_ms").GetDouble().ToString("0.0", CultureInfo.InvariantCulture);
                string details = parts.Count > 0 ? $" ({string.Join(", ", parts)})" : "";
                output.WriteLine(output.ForStdout($"{(healthy ? "healthy" : "not healthy")}{details} in {ms} ms"));
            }
            return healthy ? ExitCodes.Success : (int)LiteLlmStatus.HttpStatus;
        });
    }
}
