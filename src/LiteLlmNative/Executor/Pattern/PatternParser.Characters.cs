using System;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>The parts of a pattern that stand for characters: escapes, classes, properties.</summary>
internal sealed partial class PatternParser
{
    /// <summary>The escape whose backslash at <paramref name="start"/> was just consumed, outside a class.</summary>
    private CharClass ParseAtomEscape(int start)
    {
        if (AtEnd) throw Error("\\ at end of pattern", start);
        switch (_source[_pos])
        {
            case >= '1' and <= '9':
                throw Error(BackreferenceMessage, start);
            case 'k' when At('<', _pos + 1):
                throw Error(BackreferenceMessage, start);
        }
        return TryParseClassEscape(start) ?? CharClass.Single(ParseCharacterEscape(start, inClass: false));
    }

    /// <summary>The class whose '[' at <paramref name="start"/> was just consumed.</summary>
    private CharClass ParseClass(int start)
    {
        var set = new CharClass();
        bool negated = Eat('^');
        while (!Eat(']'))
        {
            if (AtEnd) throw Error("unterminated character class", start);
            CharClass? lowSet = ParseClassAtom(out int low);
            if (!At('-') || At(']', _pos + 1) || _pos + 1 >= _source.Length)
            {
                AddClassAtom(set, lowSet, low);
                continue;
            }
            int dash = _pos++;
            CharClass? highSet = ParseClassAtom(out int high);
            // Annex B would take the '-' as a literal; Unicode mode does not.
            if (lowSet is not null || highSet is not null) throw Error("a class escape cannot bound a range in a character class", dash);
            if (low > high) throw Error("range out of order in character class", dash);
            set.AddRange(low, high);
        }
        return negated ? set.Negate().Freeze() : set.Freeze();
    }

    private static void AddClassAtom(CharClass set, CharClass? escape, int codePoint)
    {
        if (escape is null) set.AddRange(codePoint, codePoint);
        else set.AddFrom(escape);
    }

    /// <summary>One class member: a class escape, or null and the code point in <paramref name="codePoint"/>.</summary>
    private CharClass? ParseClassAtom(out int codePoint)
    {
        int start = _pos;
        codePoint = ReadCodePoint();
        if (codePoint != '\\') return null;
        if (AtEnd) throw Error("\\ at end of pattern", start);
        CharClass? escape = TryParseClassEscape(start);
        if (escape is null) codePoint = ParseCharacterEscape(start, inClass: true);
        return escape;
    }

    /// <summary><c>\d \D \w \W \s \S</c> or <c>\p{..} \P{..}</c> after the backslash at <paramref name="start"/>; null for any other escape.</summary>
    private CharClass? TryParseClassEscape(int start)
    {
        char letter = _source[_pos];
        switch (letter)
        {
            case 'd' or 'D' or 'w' or 'W' or 's' or 'S':
                _pos++;
                return new CharClass().AddEscape(letter).Freeze();
            case 'p' or 'P':
                _pos++;
                return ParseProperty(start, complement: letter == 'P');
            default:
                return null;
        }
    }

    /// <summary>
    /// A CharacterEscape (ClassEscape in a class) after the backslash at <paramref name="start"/>:
    /// its code point. Unicode mode allows an identity escape of a syntax character or '/' only.
    /// </summary>
    private int ParseCharacterEscape(int start, bool inClass)
    {
        int c = ReadCodePoint();
        switch (c)
        {
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'v': return '\v';
            case 'b' when inClass: return '\b';
            case '-' when inClass: return '-';
            case '0' when AtEnd || !char.IsAsciiDigit(_source[_pos]): return '\0';
            case '0':
                throw Error("octal escapes are not allowed", start);
            case 'c' when !AtEnd && char.IsAsciiLetter(_source[_pos]):
                return _source[_pos++] % 32;
            case 'c':
                throw Error("invalid control escape (\\c needs a letter A-Z or a-z)", start);
            case 'x':
                if (ParseHex(2, out int value) != 2) throw Error("invalid hex escape (\\x needs two hex digits)", start);
                return value;
            case 'u':
                return ParseUnicodeEscape(start);
            case '^' or '$' or '\\' or '.' or '*' or '+' or '?' or '(' or ')' or '[' or ']' or '{' or '}' or '|' or '/':
                return c;
            default:
                throw Error("invalid escape (only syntax characters and '/' may be escaped in Unicode mode)", start);
        }
    }

    /// <summary>
    /// <c>\u{H..H}</c> (up to U+10FFFF) or <c>\uHHHH</c> after the <c>\u</c> at
    /// <paramref name="start"/>. A lead surrogate escape followed by a trail surrogate escape is
    /// one code point, as in Unicode mode; any other surrogate stays a lone one.
    /// </summary>
    private int ParseUnicodeEscape(int start)
    {
        int value;
        if (Eat('{'))
        {
            if (ParseHex(int.MaxValue, out value) == 0 || value > CharClass.MaxCodePoint || !Eat('}')) throw Error("invalid Unicode escape", start);
            return value;
        }
        if (ParseHex(4, out value) != 4) throw Error("invalid Unicode escape (\\u needs four hex digits or {code point})", start);
        if (char.IsHighSurrogate((char)value) && At('\\') && At('u', _pos + 1))
        {
            int resume = _pos;
            _pos += 2;
            if (ParseHex(4, out int trail) == 4 && char.IsLowSurrogate((char)trail)) return char.ConvertToUtf32((char)value, (char)trail);
            _pos = resume;
        }
        return value;
    }

    /// <summary>Reads up to <paramref name="maxDigits"/> hex digits; returns how many.</summary>
    private int ParseHex(int maxDigits, out int value)
    {
        int start = _pos;
        value = 0;
        for (; !AtEnd && _pos - start < maxDigits && char.IsAsciiHexDigit(_source[_pos]); _pos++)
        {
            char d = _source[_pos];
            value = Math.Min(value * 16 + (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10), CharClass.MaxCodePoint + 1);
        }
        return _pos - start;
    }

    /// <summary><c>{Expression}</c> after <c>\p</c> or <c>\P</c> (the backslash at <paramref name="start"/>).</summary>
    private CharClass ParseProperty(int start, bool complement)
    {
        int close = _source.IndexOf('}', _pos);
        if (!At('{') || close < 0) throw Error("invalid Unicode property escape (\\p needs {name})", start);
        string expression = _source[(_pos + 1)..close];
        CharClass set = UnicodeProperty.TryCreate(expression, complement, out string rejection) ?? throw Error(rejection, start);
        _pos = close + 1;
        return set;
    }
}
