using System.Collections.Generic;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// Turns a <see cref="PatternNode"/> tree into a <see cref="PatternProgram"/> (Thompson's
/// construction). Each node is compiled backwards, given the state that follows it, so no
/// patching is needed; counted repetition is expanded into copies, and the program is capped at
/// <see cref="EcmaPattern.MaxStates"/> states.
/// </summary>
internal sealed class PatternCompiler
{
    private readonly List<PatternState> _states = new();
    private readonly List<int> _programSizes = new() { 0 };
    private readonly List<PatternLookaround> _lookarounds = new();
    // A lookaround inside a repeated group is compiled once and shared by all copies.
    private readonly Dictionary<PatternNode, int> _lookaroundIndex = new();
    private int _program;

    public static PatternProgram Compile(PatternNode root)
    {
        var compiler = new PatternCompiler();
        int start = compiler.Compile(root, compiler.Emit(PatternOp.Match, 0, 0, null));
        return new PatternProgram(compiler._states.ToArray(), start, compiler._programSizes.ToArray(), compiler._lookarounds.ToArray());
    }

    /// <summary>Compiles <paramref name="node"/> to continue at <paramref name="next"/>; returns its start (<paramref name="next"/> itself when it emits nothing).</summary>
    private int Compile(PatternNode node, int next)
    {
        switch (node.Kind)
        {
            case PatternNodeKind.Set:
                return Emit(PatternOp.Char, next, 0, node.Set);
            case PatternNodeKind.Sequence:
                for (int i = node.Children!.Count - 1; i >= 0; i--) next = Compile(node.Children[i], next);
                return next;
            case PatternNodeKind.Alternation:
                List<PatternNode> alternatives = node.Children!;
                int start = Compile(alternatives[^1], next);
                for (int i = alternatives.Count - 2; i >= 0; i--) start = Emit(PatternOp.Split, Compile(alternatives[i], next), start, null);
                return start;
            case PatternNodeKind.Repeat:
                return CompileRepeat(node, next);
            case PatternNodeKind.Assertion:
                return Emit(PatternOp.Assert, next, (int)node.Assertion, null);
            case PatternNodeKind.Lookaround:
                return Emit(PatternOp.Look, next, LookaroundIndex(node), null);
            default:
                return next;
        }
    }

    private int CompileRepeat(PatternNode node, int next)
    {
        PatternNode child = node.Child!;
        if (node.Max == PatternNode.Unbounded)
        {
            // A loop: the split goes into the body and out; the body returns to the split. An
            // empty body makes the split its own successor, which the simulation visits once.
            int loop = Emit(PatternOp.Split, 0, next, null);
            int body = Compile(child, loop);
            _states[loop] = _states[loop] with { Next = body };
            next = loop;
        }
        else
        {
            // The optional copies nest, (x(x(x)?)?)?, so once a copy is skipped the rest are too:
            // the simulation then carries one live copy instead of all of them.
            int tail = next;
            for (int i = node.Min; i < node.Max; i++)
            {
                int body = Compile(child, tail);
                if (body == tail) break; // an empty body: every copy is the empty string
                tail = Emit(PatternOp.Split, body, next, null);
            }
            next = tail;
        }
        for (int i = 0; i < node.Min; i++)
        {
            int start = Compile(child, next);
            if (start == next) break;
            next = start;
        }
        return next;
    }

    private int LookaroundIndex(PatternNode node)
    {
        if (_lookaroundIndex.TryGetValue(node, out int index)) return index;
        int outer = _program;
        _program = _programSizes.Count;
        _programSizes.Add(0);
        int start = Compile(node.Child!, Emit(PatternOp.Match, 0, 0, null));
        index = _lookarounds.Count;
        _lookarounds.Add(new PatternLookaround(start, _program, node.Behind, node.Negated));
        _lookaroundIndex.Add(node, index);
        _program = outer;
        return index;
    }

    private int Emit(PatternOp op, int next, int alt, CharClass? set)
    {
        if (_states.Count >= EcmaPattern.MaxStates) throw new PatternSyntaxException("pattern is too large");
        _states.Add(new PatternState { Op = op, Next = next, Alt = alt, Set = set });
        _programSizes[_program]++;
        return _states.Count - 1;
    }
}
