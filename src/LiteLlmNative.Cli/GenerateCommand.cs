using System;
using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Client;

namespace LiteLlmNative.Cli;

/// <summary><c>litellm generate</c> (docs/cli.md#generate): one prompt or request document → litellm_generate.</summary>
internal static class GenerateCommand
{
    public const string Name = "generate";

    private static readonly string[] ValueFlags = ["--model", "--system", "--max-tokens", "--temperature", "--request"];
    private static readonly string[] SwitchFlags = ["--stream", "--json", "--show-reasoning"];

    public static int Execute(IReadOnlyList<string> args, CliOutput output)
    {
        ParsedArgs a = ArgParser.Parse(Name, args, ValueFlags, SwitchFlags);
        if (a.Help)
        {
            output.Write(HelpText.Generate);
            return ExitCodes.Success;
        }
        a.AtMostPositionals(1, "PROMPT");
        CliEnvironment env = CliEnvironment.Read(Name, Environment.GetEnvironmentVariable);
        var flags = new RequestOverrides
        {
            Model = NonEmpty(a, "--model"),
            System = a.Value("--system"),
            MaxTokens = a.PositiveInt("--max-tokens"),
            Temperature = a.Number("--temperature", 0, 2),
        };
        bool json = a.Has("--json");
        // The document has the reasoning already: --show-reasoning is for the text output.
        bool showReasoning = a.Has("--show-reasoning") && !json;
        string requestId = RequestIds.Next();
        byte[] request = BuildRequest(a, env, flags, ref requestId);

        return a.Has("--stream")
            ? Stream(output, env, request, requestId, json, showReasoning)
            : Generate(output, env, request, requestId, json, showReasoning);
    }

    /// <summary>litellm_generate: prints the answer (<see cref="AnswerPrinter"/>), or with --json the response document.</summary>
    private static int Generate(CliOutput output, CliEnvironment env, byte[] request, string requestId, bool json, bool showReasoning) =>
        ApiCall.Invoke(output, env, json, requestId, request, LiteLlmApi.Generate, document =>
        {
            if (json)
            {
                output.WriteLine(document);
            }
            else
            {
                using var doc = JsonDocument.Parse(document.ToArray());
                if (showReasoning) AnswerPrinter.PrintReasoning(output, doc.RootElement);
                AnswerPrinter.Print(output, doc.RootElement, contentPrinted: false);
            }
            return ExitCodes.Success;
        });

    /// <summary>
    /// --stream, litellm_generate_stream: each piece of content is printed and flushed as it
    /// arrives, or with --json each event as one line (NDJSON). The output ends the same way as
    /// the batch answer's: a newline, then the tool calls.
    /// </summary>
    private static int Stream(CliOutput output, CliEnvironment env, byte[] request, string requestId, bool json, bool showReasoning)
    {
        var printer = new StreamPrinter(output, json, showReasoning);
        return ApiCall.Invoke(output, env, json, requestId, request,
            (client, requestJson, document) => LiteLlmApi.GenerateStream(client, requestJson, printer.OnEvent, document),
            printer.Finish,
            printer.EndPartialLine);
    }

    private static byte[] BuildRequest(ParsedArgs a, CliEnvironment env, RequestOverrides flags, ref string requestId)
    {
        if (a.Value("--request") is { } source)
        {
            if (a.Positionals.Count > 0)
            {
                throw new UsageException(Name, "a PROMPT cannot be combined with --request: put the messages in the request document");
            }
            byte[] document = source == "-"
                ? CliInput.ReadStdinBytes(Name, "--request")
                : CliInput.ReadFileBytes(Name, "--request", source);
            return GenerateRequestBuilder.FromDocument(document, source == "-" ? "read from stdin" : $"'{source}'", flags, env.DefaultModel, ref requestId);
        }

        string model = flags.Model ?? env.DefaultModel
            ?? throw new UsageException(Name, $"--model is required (or set {CliEnvironment.ModelVariable})");
        return GenerateRequestBuilder.FromPrompt(model, ReadPrompt(a), flags, requestId);
    }

    /// <summary>PROMPT, or stdin for '-' or for no PROMPT when stdin is a pipe or file.</summary>
    private static string ReadPrompt(ParsedArgs a)
    {
        string? prompt = a.Positionals.Count == 1 ? a.Positionals[0] : null;
        if (prompt is null)
        {
            if (CliInput.StdinIsTerminal)
            {
                throw new UsageException(Name, "no prompt: give PROMPT, or '-' to read it from stdin, or pipe it in");
            }
            prompt = "-";
        }
        if (prompt == "-")
        {
            // A trailing newline from `echo` or an editor is not part of the question.
            string text = CliInput.Decode(Name, "PROMPT", "stdin", CliInput.ReadStdinBytes(Name, "PROMPT")).TrimEnd('\r', '\n');
            if (text.Trim().Length == 0) throw new UsageException(Name, "the prompt read from stdin is empty");
            return text;
        }
        if (prompt.Trim().Length == 0) throw new UsageException(Name, "PROMPT is empty");
        return prompt;
    }

    private static string? NonEmpty(ParsedArgs a, string flag)
    {
        string? value = a.Value(flag);
        if (value is not null && value.Trim().Length == 0) throw new UsageException(a.Command, $"{flag} must not be empty");
        return value;
    }
}
