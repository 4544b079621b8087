using System;
using System.Collections.Generic;
using System.Globalization;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// Parses ECMAScript pattern syntax (no flags, Annex B leniencies for a lone <c>{</c>, <c>}</c>
/// and <c>]</c>) into a <see cref="PatternNode"/> tree. Recursion happens only where a group
/// opens, and group nesting is capped at <see cref="EcmaPattern.MaxNesting"/>.
/// </summary>
internal sealed class PatternParser
{
    private const string BackreferenceMessage = "backreferences are not supported (this engine matches in linear time)";
    private const string OctalMessage = "octal escapes are not supported";

    private readonly string _source;
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

    private PatternNode ParseAtom(out bool quantifiable)
    {
        quantifiable = false;
        char c = _source[_pos++];
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
                throw Error("nothing to repeat", _pos - 1);
            case '{' when TryParseBraces(_pos - 1, out _, out _, out _):
                throw Error("nothing to repeat", _pos - 1);
        }
        quantifiable = true;
        return PatternNode.ForSet(c switch
        {
            '.' => CharClass.Dot(),
            '[' => ParseClass(),
            '\\' => ParseEscapeAsSet(inClass: false),
            // Includes a '{' that starts no quantifier, and a lone '}' or ']' (Annex B).
            _ => CharClass.Single(c),
        });
    }

    private bool TryParseQuantifier(out int min, out int max)
    {
        int start = _pos;
        (min, max) = (0, PatternNode.Unbounded);
        if (Eat('+')) min = 1;
        else if (Eat('?')) max = 1;
        else if (!Eat('*'))
        {
            if (!TryParseBraces(_pos, out min, out max, out int end)) return false;
            if (max != PatternNode.Unbounded && min > max) throw Error("numbers out of order in {} quantifier", start);
            _pos = end;
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
                // Annex B lets a lookahead be quantified, never a lookbehind.
                quantifiable = false;
            }
            else if (Eat('<'))
            {
                SkipGroupName(start);
            }
            else if (!Eat(':'))
            {
                throw Error("invalid group", start);
            }
        }
        PatternNode body = ParseAlternation();
        if (!Eat(')')) throw Error("unterminated group", start);
        _depth--;
        return behind is bool isBehind ? PatternNode.Lookaround(body, isBehind, negated) : body;
    }

    /// <summary>A group name and its '&gt;': an identifier of letters, digits, '_' and '$'.</summary>
    private void SkipGroupName(int groupStart)
    {
        int start = _pos;
        while (!AtEnd && (char.IsLetterOrDigit(_source[_pos]) || _source[_pos] is '_' or '$')) _pos++;
        if (_pos == start || char.IsAsciiDigit(_source[start]) || !Eat('>')) throw Error("invalid group name", groupStart);
    }

    /// <summary>The class whose '[' was just consumed.</summary>
    private CharClass ParseClass()
    {
        int start = _pos - 1;
        var set = new CharClass();
        bool negated = Eat('^');
        while (!Eat(']'))
        {
            if (AtEnd) throw Error("unterminated character class", start);
            CharClass? low = ParseClassAtom(out char lowChar);
            if (!At('-') || At(']', _pos + 1) || _pos + 1 >= _source.Length)
            {
                AddClassAtom(set, low, lowChar);
                continue;
            }
            int dash = _pos++;
            CharClass? high = ParseClassAtom(out char highChar);
            if (low is null && high is null)
            {
                if (lowChar > highChar) throw Error("range out of order in character class", dash);
                set.AddRange(lowChar, highChar);
                continue;
            }
            // Annex B: a '-' next to a class escape is a literal.
            AddClassAtom(set, low, lowChar);
            set.AddRange('-', '-');
            AddClassAtom(set, high, highChar);
        }
        return negated ? set.Negate().Freeze() : set.Freeze();
    }

    private static void AddClassAtom(CharClass set, CharClass? escape, char c)
    {
        if (escape is null) set.AddRange(c, c);
        else set.AddFrom(escape);
    }

    /// <summary>One class member: a class escape, or null and the code unit in <paramref name="c"/>.</summary>
    private CharClass? ParseClassAtom(out char c)
    {
        c = _source[_pos++];
        return c == '\\' ? ParseEscape(inClass: true, out c) : null;
    }

    private CharClass ParseEscapeAsSet(bool inClass) =>
        ParseEscape(inClass, out char c) ?? CharClass.Single(c);

    /// <summary>
    /// The escape whose backslash was just consumed: a class escape (returned), or null and the
    /// code unit in <paramref name="c"/>.
    /// </summary>
    private CharClass? ParseEscape(bool inClass, out char c)
    {
        int start = _pos - 1;
        if (AtEnd) throw Error("\\ at end of pattern", start);
        c = _source[_pos++];
        switch (c)
        {
            case 'd' or 'D' or 'w' or 'W' or 's' or 'S':
                return new CharClass().AddEscape(c).Freeze();
            case 'p' or 'P':
                return new CharClass().AddCategories(ParseProperty(start), complement: c == 'P').Freeze();
            case >= '1' and <= '9':
                // Inside a class a digit is never a backreference; it would be legacy octal.
                throw Error(inClass ? OctalMessage : BackreferenceMessage, start);
            case 'k' when !inClass && At('<'):
                throw Error(BackreferenceMessage, start);
            case '0' when !AtEnd && char.IsAsciiDigit(_source[_pos]):
                throw Error(OctalMessage, start);
            case 'c' when !AtEnd && char.IsAsciiLetter(_source[_pos]):
                c = (char)(_source[_pos++] % 32);
                break;
            case 'c':
                // Annex B: a '\c' without a letter is a literal backslash; the 'c' is read next.
                (c, _pos) = ('\\', _pos - 1);
                break;
            case 'u' when Eat('{'):
                c = ParseCodePoint(start);
                break;
            case 'x' or 'u':
                // Annex B: without its hex digits, \x or \u is the letter itself.
                int digits = c == 'x' ? 2 : 4;
                if (ParseHex(digits, out int value) == digits) c = (char)value;
                else _pos = start + 2;
                break;
            default:
                // \b is a backspace in a class; \n \r \t \f \v \0 are controls; any other
                // escaped character (\. \/ \- \] ...) stands for itself.
                int control = "bnrtfv0".IndexOf(c);
                if (control >= 0 && (c != 'b' || inClass)) c = "\b\n\r\t\f\v\0"[control];
                break;
        }
        return null;
    }

    /// <summary>Reads up to <paramref name="maxDigits"/> hex digits; returns how many.</summary>
    private int ParseHex(int maxDigits, out int value)
    {
        int start = _pos;
        value = 0;
        for (; !AtEnd && _pos - start < maxDigits && char.IsAsciiHexDigit(_source[_pos]); _pos++)
        {
            char d = _source[_pos];
            value = Math.Min(value * 16 + (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10), 0x110000);
        }
        return _pos - start;
    }

    /// <summary><c>\u{H..H}</c> after its '{': at most U+FFFF (the engine works on UTF-16 code units).</summary>
    private char ParseCodePoint(int start)
    {
        if (ParseHex(int.MaxValue, out int value) == 0 || !Eat('}')) throw Error("invalid Unicode escape", start);
        if (value > 0xFFFF) throw Error("code point escapes above \\uFFFF are not supported", start);
        return (char)value;
    }

    /// <summary><c>{Name}</c> after <c>\p</c> or <c>\P</c>: a general category mask.</summary>
    private uint ParseProperty(int start)
    {
        int close = _source.IndexOf('}', _pos);
        if (!At('{') || close < 0) throw Error("invalid Unicode property escape", start);
        string name = _source[(_pos + 1)..close];
        if (!GeneralCategory.TryGetMask(name, out uint mask)) throw Error("unknown Unicode property name \"" + name + "\"", start);
        _pos = close + 1;
        return mask;
    }

    private static PatternSyntaxException Error(string message, int offset) =>
        new($"{message} at offset {offset.ToString(CultureInfo.InvariantCulture)}");
}
