using System;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// A JSON Schema <c>pattern</c>: an ECMA-262 regular expression with the <c>u</c> flag and no
/// other, so it means what <c>new RegExp(source, "u").test(value)</c> does: source and value are
/// read as code points (a lone surrogate is one of its own), <c>.</c>, classes and quantifiers
/// count code points as <c>minLength</c>/<c>maxLength</c> do, and Unicode mode's strict syntax
/// applies. Matched by Thompson NFA simulation: time linear in the input for a given pattern
/// (lookarounds add a polynomial factor), never exponential, so hostile patterns cannot stall a
/// check. What this engine does not do is rejected, never approximated: backreferences (they
/// would need backtracking), Unicode properties other than general categories and Any, ASCII,
/// Assigned, and patterns past <see cref="MaxNesting"/> or <see cref="MaxStates"/>. Immutable
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
