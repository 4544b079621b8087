namespace LiteLlmNative.Executor.Pattern;

internal enum PatternOp : byte
{
    /// <summary>Consumes one code point in <see cref="PatternState.Set"/>, then goes to <see cref="PatternState.Next"/>.</summary>
    Char,
    /// <summary>Goes to both <see cref="PatternState.Next"/> and <see cref="PatternState.Alt"/>.</summary>
    Split,
    /// <summary>Goes to <see cref="PatternState.Next"/> if the <see cref="PatternAssertion"/> in <see cref="PatternState.Alt"/> holds.</summary>
    Assert,
    /// <summary>Goes to <see cref="PatternState.Next"/> if lookaround number <see cref="PatternState.Alt"/> holds.</summary>
    Look,
    /// <summary>The (sub)program has matched.</summary>
    Match,
}

/// <summary>One NFA state.</summary>
internal struct PatternState
{
    public PatternOp Op;
    public int Next;
    public int Alt;
    public CharClass? Set;
}

/// <summary>
/// A lookaround's sub-program: its start state, the sub-program number (for the matcher's
/// per-sub-program scratch lists) and its kind.
/// </summary>
internal readonly record struct PatternLookaround(int Start, int Program, bool Behind, bool Negated);

/// <summary>
/// The compiled NFA: one state array holding the main program (number 0) and one sub-program per
/// lookaround. Every state belongs to exactly one (sub)program, and a simulation of a program only
/// ever visits that program's states, so simulations nested through lookarounds share the
/// matcher's per-state marks without clashing.
/// </summary>
internal sealed class PatternProgram(PatternState[] states, int start, int[] programSizes, PatternLookaround[] lookarounds)
{
    public PatternState[] States { get; } = states;

    public int Start { get; } = start;

    /// <summary>The number of states in each (sub)program: the most a simulation's list can hold.</summary>
    public int[] ProgramSizes { get; } = programSizes;

    public PatternLookaround[] Lookarounds { get; } = lookarounds;
}
