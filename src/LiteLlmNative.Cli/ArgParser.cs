using System;
using System.Collections.Generic;

namespace LiteLlmNative.Cli;

/// <summary>
/// A small hand-written parser for one command's arguments: long flags only
/// (<c>--flag VALUE</c> or <c>--flag=VALUE</c>), switches without value, <c>-h</c>/<c>--help</c>,
/// positionals, <c>-</c> as a positional (stdin) and <c>--</c> ending the flags. A flag given
/// twice keeps its last value, so a shell alias can be overridden.
/// </summary>
internal static class ArgParser
{
    public static ParsedArgs Parse(string command, IReadOnlyList<string> args, string[] valueFlags, string[] switchFlags)
    {
        var parsed = new ParsedArgs(command);
        // Help wins over every other mistake on the line: "litellm run --bogus --help" shows help.
        foreach (string arg in args)
        {
            if (arg == "--") break;
            if (arg is "-h" or "--help") { parsed.Help = true; return parsed; }
        }

        bool flagsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (flagsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                parsed.Positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                flagsEnded = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException(command, $"unknown flag '{arg}' (flags are long: --model, --json, ...)");
            }

            int eq = arg.IndexOf('=');
            string name = eq < 0 ? arg : arg[..eq];
            if (Array.IndexOf(switchFlags, name) >= 0)
            {
                if (eq >= 0) throw new UsageException(command, $"{name} takes no value");
                parsed.Switches.Add(name);
            }
            else if (Array.IndexOf(valueFlags, name) >= 0)
            {
                string value;
                if (eq >= 0)
                {
                    value = arg[(eq + 1)..];
                }
                else
                {
                    // "--model --json" is a forgotten value, not a model called "--json".
                    if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    {
                        throw new UsageException(command, $"{name} needs a value (write {name}=VALUE for a value that starts with '--')");
                    }
                    value = args[++i];
                }
                parsed.Values[name] = value;
            }
            else
            {
                throw new UsageException(command, $"unknown flag '{name}'");
            }
        }
        return parsed;
    }
}

/// <summary>The outcome of <see cref="ArgParser.Parse"/>.</summary>
internal sealed class ParsedArgs
{
    public ParsedArgs(string command) => Command = command;

    public string Command { get; }
    public bool Help { get; set; }
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Switches { get; } = new(StringComparer.Ordinal);
    public List<string> Positionals { get; } = new();

    public string? Value(string flag) => Values.TryGetValue(flag, out string? v) ? v : null;

    public bool Has(string flag) => Switches.Contains(flag);

    public int? PositiveInt(string flag)
    {
        if (Value(flag) is not { } text) return null;
        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
        {
            throw new UsageException(Command, $"{flag} must be a whole number of at least 1, got '{text}'");
        }
        return n;
    }

    public int? WholeNumber(string flag, int min, int max)
    {
        if (Value(flag) is not { } text) return null;
        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n)
            || n < min || n > max)
        {
            throw new UsageException(Command, $"{flag} must be a whole number from {min} to {max}, got '{text}'");
        }
        return n;
    }

    /// <summary>A number of at least 0 with no upper bound (an amount of money).</summary>
    public double? NonNegativeNumber(string flag)
    {
        if (Value(flag) is not { } text) return null;
        double x = Number(flag, double.NegativeInfinity, double.PositiveInfinity)!.Value;
        if (x < 0) throw new UsageException(Command, $"{flag} must be at least 0, got '{text}'");
        return x;
    }

    public double? Number(string flag, double min, double max)
    {
        if (Value(flag) is not { } text) return null;
        if (!double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double x)
            || !double.IsFinite(x))
        {
            throw new UsageException(Command, $"{flag} must be a number, got '{text}'");
        }
        if (x < min || x > max)
        {
            throw new UsageException(Command, $"{flag} must be between {min} and {max}, got '{text}'");
        }
        return x;
    }

    /// <summary>Rejects positionals beyond <paramref name="max"/>, with a hint about quoting.</summary>
    public void AtMostPositionals(int max, string what)
    {
        if (Positionals.Count <= max) return;
        string extra = Positionals[max];
        throw new UsageException(Command, max == 0
            ? $"unexpected argument '{extra}'"
            : $"unexpected argument '{extra}': {what} is one argument (quote it: \"...\")");
    }
}
