using System;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// One <see cref="EcmaPattern.IsMatch"/> needed more than <see cref="EcmaPattern.MaxStateVisits"/>
/// state visits. Matching is polynomial, never exponential, but a large program against a long
/// value (or lookarounds re-run at every position) can still cost more than a check should.
/// </summary>
internal sealed class PatternBudgetException : Exception
{
    public PatternBudgetException() : base("the pattern match exceeded its work budget")
    {
    }
}
