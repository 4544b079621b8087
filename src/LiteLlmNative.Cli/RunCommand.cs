using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using LiteLlmNative.Client;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Cli;

/// <summary><c>litellm run</c> (docs/cli.md#run): skill + task → litellm_run, the escalating executor.</summary>
internal static class RunCommand
{
    public const string Name = "run";

    private static readonly string[] ValueFlags =
        ["--model", "--models", "--skill", "--task", "--schema", "--min-confidence", "--max-tokens", "--temperature",
         "--json-mode", "--repairs", "--max-cost"];
    private static readonly string[] SwitchFlags = ["--json", "--strict-json"];

    public static int Execute(IReadOnlyList<string> args, CliOutput output)
    {
        ParsedArgs a = ArgParser.Parse(Name, args, ValueFlags, SwitchFlags);
        if (a.Help)
        {
            output.Write(HelpText.Run);
            return ExitCodes.Success;
        }
        a.AtMostPositionals(0, "");
        CliEnvironment env = CliEnvironment.Read(Name, Environment.GetEnvironmentVariable);
        bool json = a.Has("--json");
        string requestId = RequestIds.Next();
        byte[] request = RunRequestBuilder.Build(ReadOptions(a, env), requestId);

        return ApiCall.Invoke(output, env, json, requestId, request, LiteLlmApi.Run, document =>
        {
            if (json)
            {
                output.WriteLine(document);
            }
            else
            {
                using var doc = JsonDocument.Parse(document.ToArray());
                output.WriteLine(output.ForStdout(Pretty(doc.RootElement.GetProperty("result"))));
            }
            return ExitCodes.Success;
        });
    }

    private static RunOptions ReadOptions(ParsedArgs a, CliEnvironment env)
    {
        string? model = a.Value("--model");
        string? modelList = a.Value("--models");
        List<string>? models = null;
        if (model is not null && modelList is not null)
        {
            throw new UsageException(Name, "give either --model or --models, not both");
        }
        if (modelList is not null)
        {
            models = SplitModels(modelList);
        }
        else
        {
            if (model is not null && model.Trim().Length == 0) throw new UsageException(Name, "--model must not be empty");
            model ??= env.DefaultModel
                ?? throw new UsageException(Name, $"--model or --models is required (or set {CliEnvironment.ModelVariable})");
        }

        // Numbers and switches first: a typo there should not cost a read of stdin.
        double? minConfidence = a.Number("--min-confidence", 0, 1);
        int? maxTokens = a.PositiveInt("--max-tokens");
        double? temperature = a.Number("--temperature", 0, 2);
        string? jsonMode = JsonMode(a.Value("--json-mode"));
        int? repairs = a.WholeNumber("--repairs", 0, 10);
        double? maxCost = a.NonNegativeNumber("--max-cost");
        string skillArg = a.Value("--skill") ?? throw new UsageException(Name, "--skill is required (TEXT or @FILE)");
        if (skillArg == "-") throw new UsageException(Name, "--skill takes TEXT or @FILE; only --task reads stdin ('-')");
        string taskArg = a.Value("--task") ?? throw new UsageException(Name, "--task is required (TEXT, @FILE or - for stdin)");
        JsonElement? schema = a.Value("--schema") is { } s ? ReadSchema(s) : null;

        return new RunOptions
        {
            Model = models is null ? model : null,
            Models = models,
            Skill = CliInput.ReadText(Name, "--skill", skillArg, allowStdin: false),
            Task = CliInput.ReadText(Name, "--task", taskArg, allowStdin: true),
            Schema = schema,
            MinConfidence = minConfidence,
            StrictJson = a.Has("--strict-json"),
            JsonMode = jsonMode,
            Repairs = repairs,
            MaxCostUsd = maxCost,
            MaxTokens = maxTokens,
            Temperature = temperature,
        };
    }

    /// <summary>--json-mode json_schema|json_object|auto|off: the request's json_mode (null for off, the default).</summary>
    private static string? JsonMode(string? value) => value switch
    {
        null or "off" => null,
        "json_schema" or "json_object" or "auto" => value,
        _ => throw new UsageException(Name, $"--json-mode must be json_schema, json_object, auto or off, got '{value}'"),
    };

    private static List<string> SplitModels(string list)
    {
        var models = new List<string>();
        foreach (string part in list.Split(','))
        {
            string name = part.Trim();
            if (name.Length == 0) throw new UsageException(Name, $"--models has an empty name in '{list}' (write A,B,C)");
            models.Add(name);
        }
        return models;
    }

    /// <summary>--schema JSON|@FILE: parse-checked here so a typo names the file, not a request path.</summary>
    private static JsonElement ReadSchema(string value)
    {
        bool fromFile = value.StartsWith('@');
        byte[] bytes = fromFile
            ? CliInput.ReadFileBytes(Name, "--schema", value[1..])
            : System.Text.Encoding.UTF8.GetBytes(value);
        string source = fromFile ? $"'{value[1..]}'" : "the value";
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException(Name, $"--schema: {source} must hold a JSON object (a JSON Schema)");
            }
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new UsageException(Name, $"--schema: {source} is not valid JSON{where}: {FirstSentence(e.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut].TrimEnd(' ', '|');
    }

    /// <summary>The result object indented for people; non-ASCII text is kept as it is.</summary>
    private static string Pretty(JsonElement value)
    {
        using var buffer = new PooledBuffer(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            value.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
