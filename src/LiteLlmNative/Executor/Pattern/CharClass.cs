using System;
using System.Collections.Generic;
using System.Globalization;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// A set of code points (U+0000 to U+10FFFF, lone surrogates included): inclusive ranges plus
/// Unicode general categories, optionally complemented (<c>[^...]</c>). Built by the parser,
/// then <see cref="Freeze"/>d; after that it is immutable and shared by every match.
/// </summary>
internal sealed class CharClass
{
    public const int MaxCodePoint = 0x10FFFF;

    // Range lists as strings of inclusive (low, high) pairs, sorted: the ECMAScript meanings.
    // All lie in the BMP; their complements run on to MaxCodePoint.
    private const string DigitRanges = "09";
    private const string WordRanges = "09AZ__az";
    private const string SpaceRanges = "\t\r  \u00a0\u00a0\u1680\u1680\u2000\u200a\u2028\u2029\u202f\u202f\u205f\u205f\u3000\u3000\ufeff\ufeff";
    private const string LineTerminatorRanges = "\n\n\r\r\u2028\u2029";
    private const string AsciiRanges = "\0\u007f";

    private readonly List<int> _ranges = new();
    private uint _categories;
    private bool _negated;

    // Membership of the 128 ASCII code points, precomputed so the common case is two shifts.
    private ulong _asciiLow;
    private ulong _asciiHigh;
    private int[] _frozen = [];

    public static CharClass Single(int codePoint) => new CharClass().AddRange(codePoint, codePoint).Freeze();

    /// <summary><c>.</c>: any code point but a line terminator.</summary>
    public static CharClass Dot() => new CharClass().AddRanges(LineTerminatorRanges, complement: true).Freeze();

    /// <summary>\w for <c>\b</c>: ASCII letters, digits and '_' (the u flag without i changes nothing here).</summary>
    public static bool IsWordChar(char c) => c < 128 && (char.IsAsciiLetterOrDigit(c) || c == '_');

    public CharClass AddRange(int low, int high)
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

    /// <summary>U+0000 to U+007F, or every other code point.</summary>
    public CharClass AddAscii(bool complement) => AddRanges(AsciiRanges, complement);

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
        _frozen = SortedAndMerged(_ranges);
        for (int c = 0; c < 128; c++)
        {
            if (!ContainsSlow(c)) continue;
            if (c < 64) _asciiLow |= 1UL << c;
            else _asciiHigh |= 1UL << (c - 64);
        }
        return this;
    }

    public bool Contains(int codePoint) =>
        codePoint < 64 ? (_asciiLow >> codePoint & 1) != 0
        : codePoint < 128 ? (_asciiHigh >> (codePoint - 64) & 1) != 0
        : ContainsSlow(codePoint);

    private bool ContainsSlow(int codePoint)
    {
        // The category table is consulted only by classes that name categories.
        bool found = _categories != 0 && (_categories >> (int)CharUnicodeInfo.GetUnicodeCategory(codePoint) & 1) != 0;
        // Sorted and disjoint: stop at the first range that starts above the code point.
        for (int i = 0; !found && i < _frozen.Length && _frozen[i] <= codePoint; i += 2)
        {
            found = codePoint <= _frozen[i + 1];
        }
        return found != _negated;
    }

    private CharClass AddRanges(string ranges, bool complement)
    {
        if (!complement)
        {
            foreach (char c in ranges) _ranges.Add(c);
            return this;
        }
        // The gaps between the sorted pairs, and after the last one.
        int next = 0;
        for (int i = 0; i < ranges.Length; i += 2)
        {
            if (ranges[i] > next) AddRange(next, ranges[i] - 1);
            next = ranges[i + 1] + 1;
        }
        if (next <= MaxCodePoint) AddRange(next, MaxCodePoint);
        return this;
    }

    /// <summary>The (low, high) pairs sorted by low, overlapping and adjacent ones joined.</summary>
    private static int[] SortedAndMerged(List<int> ranges)
    {
        var pairs = new (int Low, int High)[ranges.Count / 2];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = (ranges[2 * i], ranges[2 * i + 1]);
        Array.Sort(pairs);
        var merged = new List<int>(ranges.Count);
        foreach ((int low, int high) in pairs)
        {
            if (merged.Count > 0 && low <= merged[^1] + 1) merged[^1] = Math.Max(merged[^1], high);
            else
            {
                merged.Add(low);
                merged.Add(high);
            }
        }
        return merged.ToArray();
    }
}
