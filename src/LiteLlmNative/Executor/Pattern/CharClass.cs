using System.Collections.Generic;
using System.Globalization;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// A set of UTF-16 code units: inclusive ranges plus Unicode general categories, optionally
/// complemented (<c>[^...]</c>). Built by the parser, then <see cref="Freeze"/>d; after that it
/// is immutable and shared by every match.
/// </summary>
internal sealed class CharClass
{
    // Range lists as strings of inclusive (low, high) pairs, sorted: the ECMAScript meanings.
    private const string DigitRanges = "09";
    private const string WordRanges = "09AZ__az";
    private const string SpaceRanges = "\t\r  \u00a0\u00a0\u1680\u1680\u2000\u200a\u2028\u2029\u202f\u202f\u205f\u205f\u3000\u3000\ufeff\ufeff";
    private const string LineTerminatorRanges = "\n\n\r\r\u2028\u2029";

    private readonly List<char> _ranges = new();
    private uint _categories;
    private bool _negated;

    // Membership of the 128 ASCII code units, precomputed so the common case is two shifts.
    private ulong _asciiLow;
    private ulong _asciiHigh;
    private char[] _frozen = [];

    public static CharClass Single(char c) => new CharClass().AddRange(c, c).Freeze();

    /// <summary><c>.</c>: anything but a line terminator.</summary>
    public static CharClass Dot() => new CharClass().AddRanges(LineTerminatorRanges, complement: true).Freeze();

    /// <summary>\w for <c>\b</c>: ASCII letters, digits and '_'.</summary>
    public static bool IsWordChar(char c) => c < 128 && (char.IsAsciiLetterOrDigit(c) || c == '_');

    public CharClass AddRange(char low, char high)
    {
        _ranges.Add(low);
        _ranges.Add(high);
        return this;
    }

    /// <summary>Adds the class escape <c>\d \D \w \W \s \S</c> named by <paramref name="letter"/>.</summary>
    public CharClass AddEscape(char letter) =>
        AddRanges(char.ToLowerInvariant(letter) switch
        {
            'd' => DigitRanges,
            'w' => WordRanges,
            _ => SpaceRanges,
        }, complement: char.IsAsciiLetterUpper(letter));

    /// <summary>Adds the categories in <paramref name="mask"/> (bit = <see cref="UnicodeCategory"/>), or all others.</summary>
    public CharClass AddCategories(uint mask, bool complement)
    {
        _categories |= complement ? ~mask & GeneralCategory.All : mask;
        return this;
    }

    /// <summary>Adds every member of <paramref name="other"/>, which must not be negated.</summary>
    public CharClass AddFrom(CharClass other)
    {
        _ranges.AddRange(other._ranges);
        _categories |= other._categories;
        return this;
    }

    public CharClass Negate()
    {
        _negated = !_negated;
        return this;
    }

    public CharClass Freeze()
    {
        _frozen = _ranges.ToArray();
        for (char c = '\0'; c < 128; c++)
        {
            if (!ContainsSlow(c)) continue;
            if (c < 64) _asciiLow |= 1UL << c;
            else _asciiHigh |= 1UL << (c - 64);
        }
        return this;
    }

    public bool Contains(char c) =>
        c < 64 ? (_asciiLow >> c & 1) != 0
        : c < 128 ? (_asciiHigh >> (c - 64) & 1) != 0
        : ContainsSlow(c);

    private bool ContainsSlow(char c)
    {
        bool found = (_categories >> (int)char.GetUnicodeCategory(c) & 1) != 0;
        for (int i = 0; !found && i < _frozen.Length; i += 2)
        {
            found = c >= _frozen[i] && c <= _frozen[i + 1];
        }
        return found != _negated;
    }

    private CharClass AddRanges(string ranges, bool complement)
    {
        if (!complement)
        {
            _ranges.AddRange(ranges);
            return this;
        }
        // The gaps between the sorted pairs, and after the last one.
        int next = 0;
        for (int i = 0; i < ranges.Length; i += 2)
        {
            if (ranges[i] > next) AddRange((char)next, (char)(ranges[i] - 1));
            next = ranges[i + 1] + 1;
        }
        if (next <= char.MaxValue) AddRange((char)next, char.MaxValue);
        return this;
    }
}
