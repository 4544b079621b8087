using System.Collections.Generic;

namespace LiteLlmNative.Executor.Pattern;

internal enum PatternNodeKind
{
    /// <summary>Matches the empty string.</summary>
    Empty,
    /// <summary>One code point from <see cref="PatternNode.Set"/>.</summary>
    Set,
    Sequence,
    Alternation,
    /// <summary><see cref="PatternNode.Child"/> from <see cref="PatternNode.Min"/> to <see cref="PatternNode.Max"/> times.</summary>
    Repeat,
    Assertion,
    Lookaround,
}

internal enum PatternAssertion
{
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
}

/// <summary>
/// The parsed pattern. Groups leave no node of their own (captures are never reported), so the
/// tree nests only where the source's groups do, and that is capped by the parser.
/// </summary>
internal sealed class PatternNode
{
    /// <summary><see cref="Max"/> of an unbounded repetition.</summary>
    public const int Unbounded = -1;

    public static readonly PatternNode Empty = new(PatternNodeKind.Empty);

    private PatternNode(PatternNodeKind kind) => Kind = kind;

    public PatternNodeKind Kind { get; }

    public CharClass? Set { get; private init; }

    /// <summary>The items of a sequence or an alternation.</summary>
    public List<PatternNode>? Children { get; private init; }

    /// <summary>The body of a repetition or a lookaround.</summary>
    public PatternNode? Child { get; private init; }

    public int Min { get; private init; }

    public int Max { get; private init; }

    public PatternAssertion Assertion { get; private init; }

    /// <summary>A lookbehind (else a lookahead).</summary>
    public bool Behind { get; private init; }

    public bool Negated { get; private init; }

    public static PatternNode ForSet(CharClass set) => new(PatternNodeKind.Set) { Set = set };

    public static PatternNode ForAssertion(PatternAssertion assertion) => new(PatternNodeKind.Assertion) { Assertion = assertion };

    public static PatternNode Sequence(List<PatternNode> items) =>
        items.Count switch
        {
            0 => Empty,
            1 => items[0],
            _ => new(PatternNodeKind.Sequence) { Children = items },
        };

    public static PatternNode Alternation(List<PatternNode> alternatives) =>
        alternatives.Count == 1 ? alternatives[0] : new(PatternNodeKind.Alternation) { Children = alternatives };

    public static PatternNode Repeat(PatternNode child, int min, int max) =>
        new(PatternNodeKind.Repeat) { Child = child, Min = min, Max = max };

    public static PatternNode Lookaround(PatternNode child, bool behind, bool negated) =>
        new(PatternNodeKind.Lookaround) { Child = child, Behind = behind, Negated = negated };
}
