using System;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// A JSON Schema <c>pattern</c>: an ECMA-262 regular expression without flags, over UTF-16 code
/// units, matched by Thompson NFA simulation. Matching takes time linear in the input for a
/// given pattern (lookarounds add a polynomial factor), never exponential, so hostile patterns
/// cannot stall a check; backreferences, which would need backtracking, are rejected. Immutable
/// and thread-safe once compiled.
/// </summary>
internal sealed class EcmaPattern
{
    /// <summary>Groups and lookarounds nested deeper than this are a syntax error.</summary>
    public const int MaxNesting = 100;

    /// <summary>The most NFA states a compiled pattern may have (counted repetition is expanded).</summary>
    public const int MaxStates = 100_000;

    /// <summary>The most state visits one <see cref="IsMatch"/> may make, lookarounds included.</summary>
    public const long MaxStateVisits = 50_000_000;

    private readonly PatternProgram _program;

    private EcmaPattern(string source, PatternProgram program)
    {
        Source = source;
        _program = program;
    }

    /// <summary>The pattern as written.</summary>
    public string Source { get; }

    /// <exception cref="PatternSyntaxException">The pattern is malformed, unsupported or too large.</exception>
    public static EcmaPattern Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new EcmaPattern(source, PatternCompiler.Compile(PatternParser.Parse(source)));
    }

    /// <summary>Whether the pattern matches anywhere in <paramref name="input"/>, like <c>RegExp.prototype.test</c>.</summary>
    /// <exception cref="PatternBudgetException">The match needed more than <see cref="MaxStateVisits"/> state visits.</exception>
    public bool IsMatch(string input) => IsMatch(input, WorkLimit.None);

    /// <summary>As <see cref="IsMatch(string)"/>, stopped by <paramref name="limit"/> (a cancel, a deadline).</summary>
    public bool IsMatch(string input, WorkLimit limit)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new PatternMatcher(_program, input, limit).IsMatch();
    }

    public override string ToString() => Source;
}
