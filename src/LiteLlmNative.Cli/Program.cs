using System;
using System.Collections.Generic;

namespace LiteLlmNative.Cli;

/// <summary>
/// Entry point of <c>litellm</c> (docs/cli.md): picks the command, turns usage mistakes into exit
/// 64 and anything unexpected into exit 8, and flushes stdout before the process ends.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        CliOutput output = CliOutput.ForConsole();
        int code;
        try
        {
            code = Dispatch(args, output);
        }
        catch (UsageException e)
        {
            output.Error($"litellm: {e.Message}");
            output.Error(e.Command is null ? "try 'litellm --help'" : $"try 'litellm {e.Command} --help'");
            code = ExitCodes.Usage;
        }
        catch (Exception e)
        {
            output.Error($"litellm: internal error ({e.GetType().Name}): {e.Message}");
            code = (int)LiteLlmStatus.Internal;
        }
        output.Flush();
        return code;
    }

    private static int Dispatch(string[] args, CliOutput output)
    {
        if (args.Length == 0)
        {
            output.Error(HelpText.Global.TrimEnd('\n'));
            return ExitCodes.Usage;
        }

        string command = args[0];
        IReadOnlyList<string> rest = new ArraySegment<string>(args, 1, args.Length - 1);
        switch (command)
        {
            case GenerateCommand.Name:
                return GenerateCommand.Execute(rest, output);
            case RunCommand.Name:
                return RunCommand.Execute(rest, output);
            case EmbedCommand.Name:
                return EmbedCommand.Execute(rest, output);
            case ModelsCommand.Name:
                return ModelsCommand.Execute(rest, output);
            case HealthCommand.Name:
                return HealthCommand.Execute(rest, output);
            case "version":
            case "--version":
                return Version(command, rest, output);
            case "help":
            case "--help":
            case "-h":
                return Help(rest, output);
            default:
                throw new UsageException(null, command.StartsWith('-')
                    ? $"unknown flag '{command}': a command comes first (generate, run, embed, models, health, version)"
                    : $"unknown command '{command}' (commands: generate, run, embed, models, health, version, help)");
        }
    }

    private static int Version(string command, IReadOnlyList<string> rest, CliOutput output)
    {
        ParsedArgs a = ArgParser.Parse("version", rest, [], []);
        if (a.Help)
        {
            output.WriteLine("Usage: litellm version\n\nPrints the version of litellm and the liblitellm ABI it speaks:\n  " + VersionLine());
            return ExitCodes.Success;
        }
        if (a.Positionals.Count > 0)
        {
            throw new UsageException(command == "version" ? "version" : null, $"unexpected argument '{a.Positionals[0]}'");
        }
        output.WriteLine(VersionLine());
        return ExitCodes.Success;
    }

    /// <summary>Taken from the library, so the CLI can never claim another version than it links.</summary>
    private static string VersionLine() => $"litellm {LiteLlmVersion.Text} (liblitellm ABI {LiteLlmVersion.Abi})";

    private static int Help(IReadOnlyList<string> rest, CliOutput output)
    {
        string? topic = rest.Count > 0 ? rest[0] : null;
        if (rest.Count > 1) throw new UsageException(null, $"unexpected argument '{rest[1]}'");
        string? page = topic switch
        {
            null or "help" or "--help" or "-h" => HelpText.Global,
            GenerateCommand.Name => HelpText.Generate,
            RunCommand.Name => HelpText.Run,
            EmbedCommand.Name => EndpointHelpText.Embed,
            ModelsCommand.Name => EndpointHelpText.Models,
            HealthCommand.Name => EndpointHelpText.Health,
            "version" => null,
            _ => throw new UsageException(null, $"no help for '{topic}' (commands: generate, run, embed, models, health, version)"),
        };
        if (page is null) return Version("version", ["--help"], output);
        output.Write(page);
        return ExitCodes.Success;
    }
}
