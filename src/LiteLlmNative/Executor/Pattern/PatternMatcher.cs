namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// One <see cref="EcmaPattern.IsMatch"/>: a Thompson NFA simulation that advances the set of
/// live states one code point at a time, visiting each state at most once per position, so the
/// cost is O(input length × states) with no backtracking. Positions are UTF-16 indices, but only
/// those between code points are ever reached: a match cannot start, end or look around inside
/// a surrogate pair. Lookarounds are zero-width conditions answered by sub-simulations and
/// memoised per position. The scratch arrays are allocated once per match (never per step),
/// which keeps a shared <see cref="EcmaPattern"/> thread-safe.
/// </summary>
internal sealed class PatternMatcher
{
    private const byte Unknown = 0;
    private const byte False = 1;
    private const byte True = 2;

    private readonly PatternProgram _program;
    private readonly PatternState[] _states;
    private readonly string _input;
    // The generation in which each state was last added to a list. A generation is one
    // position of one simulation; nested simulations take fresh ones and touch only their
    // own states, so an outer simulation's marks survive them.
    private readonly int[] _marks;
    private readonly int[]?[] _currentLists;
    private readonly int[]?[] _nextLists;
    // Per lookaround, per position: Unknown, False or True (before negation).
    private readonly byte[]?[] _lookaroundResults;
    private int _generation;
    private long _visits;
    private readonly WorkLimit _limit;

    public PatternMatcher(PatternProgram program, string input, WorkLimit limit)
    {
        _limit = limit;
        _program = program;
        _states = program.States;
        _input = input;
        _marks = new int[_states.Length];
        _currentLists = new int[]?[program.ProgramSizes.Length];
        _nextLists = new int[]?[program.ProgramSizes.Length];
        _lookaroundResults = new byte[]?[program.Lookarounds.Length];
    }

    /// <summary>Whether the pattern matches anywhere in the input (RegExp.prototype.test).</summary>
    public bool IsMatch() => Run(0, _program.Start, 0, anchored: false, record: null);

    /// <summary>
    /// Simulates (sub)program <paramref name="program"/> from position <paramref name="from"/>.
    /// Anchored, a match must start at <paramref name="from"/>; otherwise one may start at any
    /// later position too. Without <paramref name="record"/>, returns at the first match; with
    /// it, runs to the end and records for every position whether a match ends there.
    /// </summary>
    private bool Run(int program, int start, int from, bool anchored, byte[]? record)
    {
        int size = _program.ProgramSizes[program];
        int[] current = _currentLists[program] ??= new int[size];
        int[] next = _nextLists[program] ??= new int[size];
        int count = 0;
        int position = from;
        // The code point just stepped over to reach position; -1 before the first step.
        int consumed = -1;
        while (true)
        {
            int generation = ++_generation;
            int added = 0;
            if (consumed >= 0)
            {
                for (int i = 0; i < count; i++)
                {
                    ref PatternState state = ref _states[current[i]];
                    if (state.Op == PatternOp.Char && state.Set!.Contains(consumed)) Add(next, ref added, state.Next, generation);
                }
            }
            if (!anchored || position == from) Add(next, ref added, start, generation);
            bool matched = Close(next, ref added, position, generation);
            if (record is not null) record[position] = matched ? True : False;
            else if (matched) return true;
            if (position == _input.Length || (anchored && added == 0)) return false;
            consumed = ReadCodePoint(ref position);
            (current, next) = (next, current);
            count = added;
        }
    }

    /// <summary>
    /// The code point at <paramref name="position"/>, which moves past it: a surrogate pair is
    /// one code point, a lone surrogate one of its own, as ECMAScript's Unicode mode reads a string.
    /// </summary>
    private int ReadCodePoint(ref int position)
    {
        char c = _input[position++];
        if (char.IsHighSurrogate(c) && position < _input.Length && char.IsLowSurrogate(_input[position]))
        {
            return char.ConvertToUtf32(c, _input[position++]);
        }
        return c;
    }

    /// <summary>Adds everything reachable from the list without consuming input (the list doubles as the work queue); true if a Match state is among it.</summary>
    private bool Close(int[] list, ref int count, int position, int generation)
    {
        bool matched = false;
        for (int i = 0; i < count; i++)
        {
            ref PatternState state = ref _states[list[i]];
            switch (state.Op)
            {
                case PatternOp.Split:
                    Add(list, ref count, state.Next, generation);
                    Add(list, ref count, state.Alt, generation);
                    break;
                case PatternOp.Assert:
                    if (Holds((PatternAssertion)state.Alt, position)) Add(list, ref count, state.Next, generation);
                    break;
                case PatternOp.Look:
                    if (LookaroundHolds(state.Alt, position)) Add(list, ref count, state.Next, generation);
                    break;
                case PatternOp.Match:
                    matched = true;
                    break;
            }
        }
        return matched;
    }

    private void Add(int[] list, ref int count, int state, int generation)
    {
        if (_marks[state] == generation) return;
        _marks[state] = generation;
        if (++_visits > EcmaPattern.MaxStateVisits) throw new PatternBudgetException();
        _limit.Step();
        list[count++] = state;
    }

    private bool Holds(PatternAssertion assertion, int position) =>
        assertion switch
        {
            PatternAssertion.Start => position == 0,
            PatternAssertion.End => position == _input.Length,
            PatternAssertion.WordBoundary => IsWordAt(position - 1) != IsWordAt(position),
            _ => IsWordAt(position - 1) == IsWordAt(position),
        };

    // A word character is ASCII, so the code unit on either side of a position decides (a
    // surrogate is never one).
    private bool IsWordAt(int index) => index >= 0 && index < _input.Length && CharClass.IsWordChar(_input[index]);

    private bool LookaroundHolds(int index, int position)
    {
        PatternLookaround lookaround = _program.Lookarounds[index];
        byte[]? results = _lookaroundResults[index];
        if (results is null)
        {
            // Charged like that many visits, so a pattern with thousands of lookarounds cannot
            // allocate a table per lookaround for a long value before the budget stops it.
            _visits += _input.Length + 1;
            if (_visits > EcmaPattern.MaxStateVisits) throw new PatternBudgetException();
            results = _lookaroundResults[index] = new byte[_input.Length + 1];
        }
        if (results[position] == Unknown)
        {
            if (lookaround.Behind)
            {
                // Some input[j..position] matches: one unanchored pass records every end position.
                // Matching forwards finds the same strings as ECMAScript's backward matching, as
                // no capture or backreference can tell the two apart.
                Run(lookaround.Program, lookaround.Start, 0, anchored: false, record: results);
            }
            else
            {
                results[position] = Run(lookaround.Program, lookaround.Start, position, anchored: true, record: null) ? True : False;
            }
        }
        return (results[position] == True) != lookaround.Negated;
    }
}
