using System;
using System.Collections.Generic;
using System.Text;

namespace LiteLlmNative.Tests.Executor;

/// <summary>
/// Random (pattern, inputs) cases for the cross-check with node, reproducible from a seed. Three
/// patterns in four follow the grammar (atoms, classes, groups, lookarounds, quantifiers, heavy
/// on astral characters, lone surrogates and surrogate escapes); the rest are token soup, mostly
/// invalid under the u flag. Inputs are short strings over a small alphabet of the same kind.
/// </summary>
internal static class PatternGenerator
{
    private static readonly string[] Atoms =
    [
        "a", "b", "A", "1", "_", " ", "-", "\U0001F600", "\U0001D49C", "\ud83d", "\ude00", ".",
        @"\d", @"\D", @"\w", @"\W", @"\s", @"\S", @"\p{L}", @"\P{L}", @"\p{Cs}", @"\p{So}", @"\p{Any}",
        @"\p{ASCII}", @"\p{Assigned}", @"\u{1F600}", @"\uD83D\uDE00", @"\uD83D", @"\uDE00",
        @"\u{10FFFF}", @"\n", @"\/", @"\.",
    ];

    private static readonly string[] ClassAtoms =
    [
        "a", "z", "-", "\U0001F600", "\U0001D49C", "\ud83d", "\ude00", @"\d", @"\W", @"\s", @"\p{L}",
        @"\P{So}", @"\u{1F600}", @"\uD83D\uDE00", @"\uDE00", @"\x41", @"\b", @"\-", @"\]", "^",
        @"\u{10FFFF}", @"\0", @"\cJ", "_", "[", "1",
    ];

    private static readonly string[] Quantifiers = ["", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}", "*?", "+?", "{1,3}?"];

    private static readonly string[] Assertions = ["^", "$", @"\b", @"\B"];

    private static readonly string[] Lookarounds = ["(?=", "(?!", "(?<=", "(?<!"];

    private static readonly string[] Tokens =
    [
        "a", "\U0001F600", "\ud83d", "\ude00", ".", "^", "$", "|", "(", ")", "(?:", "(?=", "(?<!", "[",
        "]", "[^", "-", "*", "+", "?", "{", "}", "{2}", "{,2}", @"\d", @"\W", @"\b", @"\B", @"\p{L}",
        @"\u{1F600}", @"\uD83D", @"\uDE00", @"\c", @"\cA", @"\0", @"\1", @"\-", @"\a", @"\k", "(?<n>",
        @"\", "{1", @"\u{D83D}", "[a-z]", @"[\d-]", @"\u{}", @"\x4", "0", ",",
    ];

    private static readonly string[] InputAtoms =
    [
        "a", "b", "\U0001F600", "\ud83d", "\ude00", "A", "1", " ", "-", "\n", "\U0001D49C", "\U0010FFFF", "_", "z",
    ];

    public static List<(string Pattern, string[] Inputs)> Corpus(int seed, int count, int inputsEach)
    {
        var random = new Random(seed);
        var corpus = new List<(string, string[])>(count);
        for (int k = 0; k < count; k++)
        {
            string pattern = random.Next(4) == 0 ? Soup(random) : Sequence(random, depth: 3);
            var inputs = new string[inputsEach];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = Join(random, InputAtoms, random.Next(0, 6));
            corpus.Add((pattern, inputs));
        }
        return corpus;
    }

    private static string Sequence(Random random, int depth)
    {
        var pattern = new StringBuilder();
        for (int n = random.Next(1, 4); n > 0; n--)
        {
            switch (random.Next(depth > 0 ? 10 : 6))
            {
                case 0 or 1 or 2:
                    pattern.Append(Pick(random, Atoms)).Append(Pick(random, Quantifiers));
                    break;
                case 3:
                    pattern.Append(Pick(random, Assertions));
                    break;
                case 4 or 5:
                    pattern.Append(random.Next(3) == 0 ? "[^" : "[");
                    for (int m = random.Next(0, 4); m > 0; m--)
                    {
                        pattern.Append(Pick(random, ClassAtoms));
                        if (random.Next(3) == 0) pattern.Append('-').Append(Pick(random, ClassAtoms));
                    }
                    pattern.Append(']').Append(Pick(random, Quantifiers));
                    break;
                case 6 or 7:
                    pattern.Append(random.Next(3) == 0 ? "(" : "(?:").Append(Sequence(random, depth - 1));
                    if (random.Next(3) == 0) pattern.Append('|').Append(Sequence(random, depth - 1));
                    pattern.Append(')').Append(Pick(random, Quantifiers));
                    break;
                default:
                    pattern.Append(Pick(random, Lookarounds)).Append(Sequence(random, depth - 1)).Append(')');
                    break;
            }
        }
        return pattern.ToString();
    }

    private static string Soup(Random random) => Join(random, Tokens, random.Next(1, 7));

    private static string Join(Random random, string[] parts, int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) text.Append(Pick(random, parts));
        return text.ToString();
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
