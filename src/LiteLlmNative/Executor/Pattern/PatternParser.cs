using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// Parses an ECMAScript pattern as <c>new RegExp(source, "u")</c> does into a
/// <see cref="PatternNode"/> tree. The source is read as code points (a surrogate pair is one,
/// a lone surrogate its own), and the Unicode-mode grammar applies strictly: none of Annex B's
/// leniencies (a lone <c>{</c> <c>}</c> <c>]</c>, <c>\a</c>, <c>\c1</c>, octal escapes,
/// quantified lookaheads ...) is accepted. Recursion happens only where a group opens, and
/// group nesting is capped at <see cref="EcmaPattern.MaxNesting"/>.
/// </summary>
internal sealed partial class PatternParser
{
    private const string BackreferenceMessage = "backreferences are not supported (this engine matches in linear time)";

    private readonly string _source;
    private readonly HashSet<string> _groupNames = new(StringComparer.Ordinal);
    private int _pos;
    private int _depth;

    private PatternParser(string source) => _source = source;

    public static PatternNode Parse(string source)
    {
        var parser = new PatternParser(source);
        PatternNode root = parser.ParseAlternation();
        // ParseAlternation stops only at the end or at a ')' that closes no group.
        if (!parser.AtEnd) throw Error("unmatched ')'", parser._pos);
        return root;
    }

    private bool AtEnd => _pos >= _source.Length;

    /// <summary>Whether <paramref name="c"/> is at <paramref name="pos"/> (the current position by default).</summary>
    private bool At(char c, int pos = -1)
    {
        if (pos < 0) pos = _pos;
        return pos < _source.Length && _source[pos] == c;
    }

    private bool Eat(char c)
    {
        if (!At(c)) return false;
        _pos++;
        return true;
    }

    /// <summary>The code point at the current position, consumed: a surrogate pair is one, a lone surrogate its own.</summary>
    private int ReadCodePoint()
    {
        char c = _source[_pos++];
        if (char.IsHighSurrogate(c) && !AtEnd && char.IsLowSurrogate(_source[_pos])) return char.ConvertToUtf32(c, _source[_pos++]);
        return c;
    }

    private PatternNode ParseAlternation()
    {
        var alternatives = new List<PatternNode> { ParseSequence() };
        while (Eat('|')) alternatives.Add(ParseSequence());
        return PatternNode.Alternation(alternatives);
    }

    private PatternNode ParseSequence()
    {
        var items = new List<PatternNode>();
        while (!AtEnd && !At('|') && !At(')'))
        {
            PatternNode atom = ParseAtom(out bool quantifiable);
            int at = _pos;
            if (TryParseQuantifier(out int min, out int max))
            {
                if (!quantifiable) throw Error("nothing to repeat", at);
                atom = PatternNode.Repeat(atom, min, max);
            }
            items.Add(atom);
        }
        return PatternNode.Sequence(items);
    }

    /// <summary>One term; assertions, lookarounds included, are not <paramref name="quantifiable"/> in Unicode mode.</summary>
    private PatternNode ParseAtom(out bool quantifiable)
    {
        quantifiable = false;
        int start = _pos;
        int c = ReadCodePoint();
        switch (c)
        {
            case '^':
                return PatternNode.ForAssertion(PatternAssertion.Start);
            case '$':
                return PatternNode.ForAssertion(PatternAssertion.End);
            case '\\' when Eat('b'):
                return PatternNode.ForAssertion(PatternAssertion.WordBoundary);
            case '\\' when Eat('B'):
                return PatternNode.ForAssertion(PatternAssertion.NotWordBoundary);
            case '(':
                return ParseGroup(out quantifiable);
            case '*' or '+' or '?':
                throw Error("nothing to repeat", start);
            case '{':
                throw Error(TryParseBraces(start, out _, out _, out _) ? "nothing to repeat" : "lone '{' (write \\{ for the character)", start);
            case '}':
                throw Error("lone '}' (write \\} for the character)", start);
            case ']':
                throw Error("lone ']' (write \\] for the character)", start);
        }
        quantifiable = true;
        return PatternNode.ForSet(c switch
        {
            '.' => CharClass.Dot(),
            '[' => ParseClass(start),
            '\\' => ParseAtomEscape(start),
            _ => CharClass.Single(c),
        });
    }

    private bool TryParseQuantifier(out int min, out int max)
    {
        int start = _pos;
        (min, max) = (0, PatternNode.Unbounded);
        if (Eat('+')) min = 1;
        else if (Eat('?')) max = 1;
        else if (Eat('{'))
        {
            // In Unicode mode a '{' after an atom can only open a quantifier.
            if (!TryParseBraces(start, out min, out max, out int end)) throw Error("incomplete quantifier", start);
            if (max != PatternNode.Unbounded && min > max) throw Error("numbers out of order in {} quantifier", start);
            _pos = end;
        }
        else if (!Eat('*'))
        {
            return false;
        }
        // The lazy form: for IsMatch, any order of trying finds the same answer.
        Eat('?');
        return true;
    }

    /// <summary>Reads <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at <paramref name="pos"/> without consuming it.</summary>
    private bool TryParseBraces(int pos, out int min, out int max, out int end)
    {
        (min, max, end) = (0, PatternNode.Unbounded, pos + 1);
        if (!At('{', pos) || !TryParseNumber(ref end, out min)) return false;
        if (!At(',', end)) max = min;
        else if (++end < _source.Length && char.IsAsciiDigit(_source[end])) TryParseNumber(ref end, out max);
        return At('}', end++);
    }

    /// <summary>Decimal digits; a value past int.MaxValue stays there (it is too large to compile anyway).</summary>
    private bool TryParseNumber(ref int pos, out int value)
    {
        int start = pos;
        long number = 0;
        for (; pos < _source.Length && char.IsAsciiDigit(_source[pos]); pos++)
        {
            number = Math.Min(number * 10 + (_source[pos] - '0'), int.MaxValue);
        }
        value = (int)number;
        return pos > start;
    }

    /// <summary>The group whose '(' was just consumed; plain groups leave only their body.</summary>
    private PatternNode ParseGroup(out bool quantifiable)
    {
        int start = _pos - 1;
        if (++_depth > EcmaPattern.MaxNesting) throw Error("pattern nests too deeply", start);
        quantifiable = true;
        bool? behind = null;
        bool negated = false;
        if (Eat('?'))
        {
            if (Eat('=') || Eat('!'))
            {
                (behind, negated) = (false, _source[_pos - 1] == '!');
            }
            else if (At('<') && (At('=', _pos + 1) || At('!', _pos + 1)))
            {
                (behind, negated) = (true, _source[_pos + 1] == '!');
                _pos += 2;
            }
            else if (Eat('<'))
            {
                ParseGroupName(start);
            }
            else if (!Eat(':'))
            {
                throw Error("invalid group", start);
            }
        }
        PatternNode body = ParseAlternation();
        if (!Eat(')')) throw Error("unterminated group", start);
        _depth--;
        if (behind is not bool isBehind) return body;
        // Unicode mode quantifies no assertion; Annex B's quantified lookahead is not allowed.
        quantifiable = false;
        return PatternNode.Lookaround(body, isBehind, negated);
    }

    /// <summary>
    /// A group name and its '&gt;': an identifier (ID_Start, ID_Continue, '$', '_'; a
    /// <c>\u</c> escape may spell any of its code points), unique in the pattern.
    /// </summary>
    private void ParseGroupName(int groupStart)
    {
        var name = new StringBuilder();
        while (!Eat('>'))
        {
            if (AtEnd) throw Error("invalid group name", groupStart);
            int c = ReadCodePoint();
            if (c == '\\')
            {
                if (!Eat('u')) throw Error("invalid group name", groupStart);
                c = ParseUnicodeEscape(_pos - 2);
            }
            bool valid = name.Length == 0 ? GroupNameChar.IsStart(c) : GroupNameChar.IsPart(c);
            if (!valid) throw Error("invalid group name", groupStart);
            name.Append(char.ConvertFromUtf32(c));
        }
        if (name.Length == 0) throw Error("invalid group name", groupStart);
        if (!_groupNames.Add(name.ToString())) throw Error("duplicate group name", groupStart);
    }

    private static PatternSyntaxException Error(string message, int offset) =>
        new($"{message} at offset {offset.ToString(CultureInfo.InvariantCulture)}");
}
