using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Buffers;
using LiteLlmNative.Client;
using LiteLlmNative.Json;

namespace LiteLlmNative.Cli;

/// <summary>
/// <c>litellm embed</c> (docs/cli.md#embed): TEXT, or each line of stdin, → litellm_embed; one
/// JSON array of floats per input, in order, or with --json the response document.
/// </summary>
internal static class EmbedCommand
{
    public const string Name = "embed";

    /// <summary>Lines per request: OpenAI's limit of inputs in one embeddings call.</summary>
    public const int BatchSize = 2048;

    private static readonly string[] ValueFlags = ["--model", "--dimensions"];
    private static readonly string[] SwitchFlags = ["--json"];

    public static int Execute(IReadOnlyList<string> args, CliOutput output)
    {
        ParsedArgs a = ArgParser.Parse(Name, args, ValueFlags, SwitchFlags);
        if (a.Help)
        {
            output.Write(EndpointHelpText.Embed);
            return ExitCodes.Success;
        }
        a.AtMostPositionals(1, "TEXT");
        CliEnvironment env = CliEnvironment.Read(Name, Environment.GetEnvironmentVariable);
        string model = a.Value("--model") ?? env.DefaultModel
            ?? throw new UsageException(Name, $"--model is required (or set {CliEnvironment.ModelVariable})");
        if (model.Trim().Length == 0) throw new UsageException(Name, "--model must not be empty");
        int? dimensions = a.PositiveInt("--dimensions");
        bool json = a.Has("--json");
        List<string> inputs = ReadInputs(a);

        for (int start = 0; start < inputs.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, inputs.Count - start);
            string requestId = RequestIds.Next();
            byte[] request = BuildRequest(model, inputs.GetRange(start, count), dimensions, requestId);
            int code = ApiCall.Invoke(output, env, json, requestId, request, LiteLlmApi.Embed, document =>
            {
                if (json) output.WriteLine(document);
                else PrintVectors(output, document);
                return ExitCodes.Success;
            });
            if (code != ExitCodes.Success) return code;
        }
        return ExitCodes.Success;
    }

    /// <summary>TEXT as one input; or, for '-' or no TEXT with stdin a pipe or file, each line of stdin.</summary>
    private static List<string> ReadInputs(ParsedArgs a)
    {
        string? text = a.Positionals.Count == 1 ? a.Positionals[0] : null;
        if (text is null && CliInput.StdinIsTerminal)
        {
            throw new UsageException(Name, "no text: give TEXT, or '-' to embed each line of stdin, or pipe the lines in");
        }
        if (text is not null && text != "-")
        {
            if (text.Length == 0) throw new UsageException(Name, "TEXT is empty");
            return [text];
        }
        string all = CliInput.Decode(Name, "TEXT", "stdin", CliInput.ReadStdinBytes(Name, "TEXT"));
        if (all.EndsWith('\n')) all = all[..^1]; // the newline that ends the last line
        if (all.Length == 0) throw new UsageException(Name, "stdin has no lines to embed");
        string[] lines = all.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
            // An empty input has no vector: skipping it would shift every later line's.
            if (lines[i].Length == 0) throw new UsageException(Name, $"line {i + 1} of stdin is empty: every line is one text to embed");
        }
        return new List<string>(lines);
    }

    private static byte[] BuildRequest(string model, List<string> inputs, int? dimensions, string requestId)
    {
        using var buffer = new PooledBuffer();
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartArray("input");
            foreach (string input in inputs) w.WriteStringValue(input);
            w.WriteEndArray();
            if (dimensions is { } d) w.WriteNumber("dimensions", d);
            w.WriteString("request_id", requestId);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Each vector of the document as the library wrote it (shortest exact floats), one per line.</summary>
    private static void PrintVectors(CliOutput output, ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool embeddings = reader.ValueTextEquals("embeddings"u8);
            reader.Read();
            if (!embeddings)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            {
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                output.WriteLine(document[start..(int)reader.BytesConsumed]);
            }
            return;
        }
    }
}
