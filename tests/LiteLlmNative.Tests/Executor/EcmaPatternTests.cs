using System;
using LiteLlmNative.Executor.Pattern;
using Xunit;

namespace LiteLlmNative.Tests.Executor;

public sealed class EcmaPatternTests
{
    private static bool Matches(string pattern, string input) => EcmaPattern.Compile(pattern).IsMatch(input);

    private static string SyntaxError(string pattern) =>
        Assert.Throws<PatternSyntaxException>(() => EcmaPattern.Compile(pattern)).Message;

    // ---- issue 10, item 6: code points, as under the u flag -------------------------------------

    [Fact]
    public void Dot_matches_an_astral_character_whole() => Assert.True(Matches("^.$", "\U0001F600"));

    [Fact]
    public void A_quantifier_repeats_an_astral_character_whole() => Assert.True(Matches("^\U0001F432*$", "\U0001F432\U0001F432"));

    [Fact]
    public void An_astral_letter_is_a_letter() => Assert.True(Matches(@"^\p{L}$", "\U0001D49C"));

    [Fact]
    public void Counted_repetition_counts_code_points_as_max_length_does()
    {
        EcmaPattern pattern = EcmaPattern.Compile("^.{1,20}$");
        Assert.True(pattern.IsMatch(string.Concat(System.Linq.Enumerable.Repeat("\U0001F600", 20))));
        Assert.False(pattern.IsMatch(string.Concat(System.Linq.Enumerable.Repeat("\U0001F600", 21))));
    }

    // ---- literals, '.', search semantics -----------------------------------------------------

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "xxabcxx", true)]
    [InlineData("abc", "ab", false)]
    [InlineData("abc", "ABC", false)]
    [InlineData("", "", true)]
    [InlineData("", "anything", true)]
    [InlineData("a.c", "abc", true)]
    [InlineData("a.c", "a\u00e9c", true)]
    [InlineData("a.c", "a\nc", false)]
    [InlineData("a.c", "a\rc", false)]
    [InlineData("a.c", "a\u2028c", false)]
    [InlineData("a.c", "a\u2029c", false)]
    [InlineData("a.c", "ac", false)]
    [InlineData(@"^\}\]\{$", "}]{", true)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("\ud83d\ude00", "a\ud83d\ude00", true)]
    [InlineData("^.$", "\ud83d\ude00", true)] // u flag: one code point
    [InlineData("^..$", "\ud83d\ude00", false)]
    [InlineData("^.{3}$", "a\ud83d\ude00b", true)]
    [InlineData("^\ud83d\ude00{2}$", "\ud83d\ude00\ud83d\ude00", true)] // the quantifier takes the whole code point
    [InlineData("^[^a]$", "\U0001D49C", true)]
    public void Literals(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    // ---- escapes --------------------------------------------------------------------------------

    [Theory]
    [InlineData(@"^\d+$", "0123456789", true)]
    [InlineData(@"\d", "\u0663", false)] // Arabic-Indic digit: \d is ASCII only
    [InlineData(@"^\D$", "a", true)]
    [InlineData(@"^\D$", "5", false)]
    [InlineData(@"^\w+$", "azAZ09_", true)]
    [InlineData(@"\w", "\u00e9", false)]
    [InlineData(@"\w", "-", false)]
    [InlineData(@"^\W$", "-", true)]
    [InlineData(@"^\W$", "_", false)]
    [InlineData(@"^\s+$", "\t\n\v\f\r \u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff", true)]
    [InlineData(@"\s", "\u200b", false)]
    [InlineData(@"\s", "\u0085", false)]
    [InlineData(@"^\S$", "x", true)]
    [InlineData(@"^\S$", "\u3000", false)]
    [InlineData(@"^\n\r\t\f\v$", "\n\r\t\f\v", true)]
    [InlineData(@"^\0$", "\0", true)]
    [InlineData(@"^\0$", "0", false)]
    [InlineData(@"^\cJ\cj$", "\n\n", true)]
    [InlineData(@"^\cA\cZ$", "\u0001\u001a", true)]
    [InlineData(@"^\x41\x7a$", "Az", true)]
    [InlineData(@"^\u00e9\u20AC$", "\u00e9\u20ac", true)]
    [InlineData(@"^\u{41}\u{0000062}\u{FFFF}$", "Ab\uffff", true)]
    [InlineData(@"^\u{1F600}\u{10FFFF}$", "\ud83d\ude00\U0010FFFF", true)]
    [InlineData(@"^\uD83D\uDE00$", "\ud83d\ude00", true)] // u flag: an escaped surrogate pair is one code point
    [InlineData(@"^\u{D83D}\u{DE00}$", "\ud83d\ude00", false)] // ... but \u{..} escapes never pair
    [InlineData(@"^\.\*\+\?\(\)\[\]\{\}\|\^\$\/\\$", @".*+?()[]{}|^$/\", true)]
    public void Escapes(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    [Theory]
    [InlineData(@"^\p{L}+$", "aZ\u00e9\u4e2d", true)]
    [InlineData(@"\p{L}", "1", false)]
    [InlineData(@"^\p{Lu}$", "A", true)]
    [InlineData(@"^\p{Lu}$", "a", false)]
    [InlineData(@"^\p{Ll}$", "a", true)]
    [InlineData(@"^\p{Lt}$", "\u01c5", true)]
    [InlineData(@"^\p{Lm}$", "\u02b0", true)]
    [InlineData(@"^\p{Lo}$", "\u4e2d", true)]
    [InlineData(@"^\p{M}$", "\u0301", true)]
    [InlineData(@"^\p{Mn}$", "\u0301", true)]
    [InlineData(@"^\p{Mc}$", "\u0903", true)]
    [InlineData(@"^\p{Me}$", "\u20dd", true)]
    [InlineData(@"^\p{N}$", "\u2167", true)]
    [InlineData(@"^\p{Nd}$", "\u0663", true)]
    [InlineData(@"^\p{Nl}$", "\u2167", true)]
    [InlineData(@"^\p{No}$", "\u00bd", true)]
    [InlineData(@"^\p{P}$", "!", true)]
    [InlineData(@"^\p{Pc}$", "_", true)]
    [InlineData(@"^\p{Pd}$", "-", true)]
    [InlineData(@"^\p{Ps}\p{Pe}$", "()", true)]
    [InlineData(@"^\p{Pi}\p{Pf}$", "\u00ab\u00bb", true)]
    [InlineData(@"^\p{Po}$", "!", true)]
    [InlineData(@"^\p{S}$", "+", true)]
    [InlineData(@"^\p{Sm}$", "+", true)]
    [InlineData(@"^\p{Sc}$", "$", true)]
    [InlineData(@"^\p{Sk}$", "^", true)]
    [InlineData(@"^\p{So}$", "\u00a9", true)]
    [InlineData(@"^\p{Z}$", " ", true)]
    [InlineData(@"^\p{Zs}$", " ", true)]
    [InlineData(@"^\p{Zl}$", "\u2028", true)]
    [InlineData(@"^\p{Zp}$", "\u2029", true)]
    [InlineData(@"^\p{C}$", "\u0001", true)]
    [InlineData(@"^\p{Cc}$", "\u0001", true)]
    [InlineData(@"^\p{Cf}$", "\u200b", true)]
    [InlineData(@"^\p{Co}$", "\ue000", true)]
    [InlineData(@"^\p{Cn}$", "\u0378", true)]
    [InlineData(@"^\p{Letter}\p{Number}\p{Punctuation}\p{Symbol}\p{Separator}\p{Mark}\p{Other}$", "a1!+ \u0301\u0001", true)]
    [InlineData(@"^\p{General_Category=Lu}\p{gc=Letter}$", "Ab", true)]
    [InlineData(@"^\P{L}$", "1", true)]
    [InlineData(@"^\P{L}$", "a", false)]
    [InlineData(@"^\P{Lu}+$", "ab1", true)]
    [InlineData(@"^[\p{Lu}\d]+$", "A1B2", true)]
    [InlineData(@"^[\p{Lu}\d]+$", "A1b2", false)]
    [InlineData(@"^[^\p{L}]$", "a", false)]
    [InlineData(@"^[^\P{L}]$", "a", true)]
    [InlineData(@"^\p{L}$", "\U0001D49C", true)]
    [InlineData(@"^\p{Lu}$", "\U0001D400", true)]
    [InlineData(@"^\p{So}$", "\U0001F600", true)]
    [InlineData(@"^\p{Nd}$", "\U0001D7CE", true)]
    [InlineData(@"^\p{Co}$", "\U000F0000", true)]
    [InlineData(@"^\p{Cn}$", "\U0010FFFF", true)]
    [InlineData(@"^\P{L}$", "\U0001D49C", false)]
    [InlineData(@"^\p{Lowercase_Letter}\p{Decimal_Number}\p{digit}\p{punct}\p{cntrl}\p{Combining_Mark}$", "a17!\u0001\u0301", true)]
    [InlineData(@"^\p{LC}\p{Cased_Letter}$", "aB", true)]
    [InlineData(@"^\p{LC}$", "\u4e2d", false)]
    [InlineData(@"^\p{Any}$", "\U0001F600", true)]
    [InlineData(@"^\P{Any}$", "a", false)]
    [InlineData(@"^\p{ASCII}+$", "abc\u007f", true)]
    [InlineData(@"^\p{ASCII}$", "\u0080", false)]
    [InlineData(@"^\P{ASCII}$", "\U0001F600", true)]
    [InlineData(@"^\p{Assigned}$", "\U0001F600", true)]
    [InlineData(@"^\p{Assigned}$", "\u0378", false)]
    public void UnicodeProperties(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    [Fact]
    public void A_lone_surrogate_is_a_code_point_of_its_own()
    {
        // Not as InlineData: a lone surrogate does not survive the test runner's serialisation.
        Assert.True(Matches(@"^\p{Cs}$", "\ud800"));
        Assert.False(Matches(@"^\p{Cs}$", "\ud83d\ude00"));
        Assert.True(Matches("^.$", "\udc00"));
        Assert.True(Matches("^..$", "\udc00\ud800"));
        Assert.False(Matches(@"^\p{L}$", "\ud800"));
        Assert.True(Matches("^[^a]$", "\ud800"));
        // A pair is one code point, so no part of the pattern sees its halves.
        Assert.False(Matches(@"^[\ud800-\udbff][\udc00-\udfff]$", "\ud83d\ude00"));
        Assert.False(Matches(@"\uDE00", "\ud83d\ude00"));
        Assert.True(Matches(@"\uDE00", "a\ude00"));
        Assert.False(Matches(@"(?<=\uD83D)", "\ud83d\ude00"));
        Assert.True(Matches("\ud800", "\ud800a"));
        Assert.False(Matches("\ud800", "\ud800\udc00"));
    }

    // ---- character classes -------------------------------------------------------------------

    [Theory]
    [InlineData("^[abc]$", "b", true)]
    [InlineData("^[abc]$", "d", false)]
    [InlineData("^[^abc]$", "d", true)]
    [InlineData("^[^abc]$", "a", false)]
    [InlineData("^[^abc]$", "\n", true)]
    [InlineData("^[a-z]+$", "hello", true)]
    [InlineData("^[a-z]+$", "Hello", false)]
    [InlineData("^[A-Za-z0-9_-]+$", "A-b_9", true)]
    [InlineData("^[-a]+$", "-a-", true)]
    [InlineData("^[a-]+$", "-a-", true)]
    [InlineData("^[a-]$", "b", false)]
    [InlineData(@"^[\d-]+$", "1-", true)] // a '-' at either end is a literal, beside a class escape too
    [InlineData(@"^[-\w]+$", "a-", true)]
    [InlineData(@"^[\w.]+$", "a.b", true)]
    [InlineData(@"^[\s]$", "\u3000", true)]
    [InlineData(@"^[\D]$", "x", true)]
    [InlineData(@"^[\D]$", "1", false)]
    [InlineData(@"^[\W\d]+$", "-5", true)]
    [InlineData(@"^[\S]$", " ", false)]
    [InlineData(@"^[\b]$", "\b", true)]
    [InlineData(@"^[\b]$", "b", false)]
    [InlineData(@"^[\-]$", "-", true)]
    [InlineData(@"^[\]]$", "]", true)]
    [InlineData(@"^[\\]$", "\\", true)]
    [InlineData(@"^[\x41-\x43]+$", "ABC", true)]
    [InlineData(@"^[\u0410-\u044f]+$", "\u041f\u0440\u0438", true)]
    [InlineData(@"^[\n]$", "\n", true)]
    [InlineData(@"^[\cJ]$", "\n", true)]
    [InlineData(@"^[\0]$", "\0", true)]
    [InlineData("^[.]$", "x", false)]
    [InlineData("^[.]$", ".", true)]
    [InlineData("^[*+?{}()|^$]+$", "*+?{}()|^$", true)]
    [InlineData("[]", "", false)]
    [InlineData("[]", "anything", false)]
    [InlineData("^[^]$", "\n", true)]
    [InlineData("^[^]$", "", false)]
    [InlineData("^[--/]+$", "-./", true)]
    [InlineData("^[\u00e0-\u00ff]$", "\u00e9", true)]
    [InlineData("^[\u00e0-\u00ff]$", "e", false)]
    [InlineData("^[\ud83d\ude00-\ud83d\ude4f]$", "\ud83d\ude03", true)] // a range of astral code points
    [InlineData("^[\ud83d\ude00-\ud83d\ude4f]$", "\ud83d\ude80", false)]
    [InlineData(@"^[\u{1F600}-\u{1F64F}]$", "\ud83d\ude4f", true)]
    [InlineData(@"^[\uD83D\uDE00-\uD83D\uDE4F]$", "\ud83d\ude10", true)]
    [InlineData("^[a-\ud83d\ude00]$", "\U0001D49C", true)]
    [InlineData("^[^\ud83d\ude00]$", "\U0001F432", true)] // a negated class takes an astral character whole
    [InlineData("^[^\ud83d\ude00]$", "\ud83d\ude00", false)]
    [InlineData(@"^[^\u{10FFFF}]$", "\U0010FFFE", true)]
    [InlineData("^[[]$", "[", true)]
    public void CharacterClasses(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    // ---- anchors and word boundaries -------------------------------------------------------------

    [Theory]
    [InlineData("^abc", "abcd", true)]
    [InlineData("^abc", "xabc", false)]
    [InlineData("abc$", "xabc", true)]
    [InlineData("abc$", "abcx", false)]
    [InlineData("abc$", "abc\n", false)] // $ never matches before a final newline
    [InlineData("^abc$", "abc\n", false)]
    [InlineData("^$", "", true)]
    [InlineData("^$", "\n", false)]
    [InlineData("a^b", "a^b", false)]
    [InlineData("^^a$$", "a", true)]
    [InlineData(@"\bcat\b", "a cat sat", true)]
    [InlineData(@"\bcat\b", "concatenate", false)]
    [InlineData(@"\bcat", "cat", true)]
    [InlineData(@"cat\b", "cat", true)]
    [InlineData(@"\b", "", false)]
    [InlineData(@"\B", "", true)]
    [InlineData(@"\Bcat\B", "concatenate", true)]
    [InlineData(@"\Bcat", "a cat", false)]
    [InlineData(@"\b\u00e9", "\u00e9", false)] // \b knows ASCII word characters only
    [InlineData(@"a\b_", "a_", false)]
    public void Anchors(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    // ---- groups and alternation ------------------------------------------------------------------

    [Theory]
    [InlineData("^(ab)+$", "ababab", true)]
    [InlineData("^(ab)+$", "ababa", false)]
    [InlineData("^(?:ab)+$", "abab", true)]
    [InlineData("^(?<pair>ab)+$", "abab", true)]
    [InlineData("^(?<$x_1>a)$", "a", true)]
    [InlineData("^cat|dog$", "cats", true)]
    [InlineData("^cat|dog$", "hotdog", true)]
    [InlineData("^(?:cat|dog)$", "cats", false)]
    [InlineData("^(?:cat|dog)$", "dog", true)]
    [InlineData("^(a|b|c)+$", "abcabc", true)]
    [InlineData("^(a|b|c)+$", "abcd", false)]
    [InlineData("^(|a)b$", "b", true)]
    [InlineData("^(|a)b$", "ab", true)]
    [InlineData("^a|$", "xyz", true)]
    [InlineData("^()$", "", true)]
    [InlineData("^(((a)))$", "a", true)]
    [InlineData("^(a(b(c|d)))$", "abd", true)]
    [InlineData("^(a(b(c|d)))$", "abe", false)]
    public void Groups_and_alternation(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    // ---- quantifiers ------------------------------------------------------------------------------

    [Theory]
    [InlineData("^a*$", "", true)]
    [InlineData("^a*$", "aaa", true)]
    [InlineData("^a*$", "aab", false)]
    [InlineData("^a+$", "", false)]
    [InlineData("^a+$", "aaa", true)]
    [InlineData("^ab?c$", "ac", true)]
    [InlineData("^ab?c$", "abc", true)]
    [InlineData("^ab?c$", "abbc", false)]
    [InlineData("^a{3}$", "aaa", true)]
    [InlineData("^a{3}$", "aa", false)]
    [InlineData("^a{3}$", "aaaa", false)]
    [InlineData("^a{2,}$", "a", false)]
    [InlineData("^a{2,}$", "aaaaaa", true)]
    [InlineData("^a{2,4}$", "a", false)]
    [InlineData("^a{2,4}$", "aa", true)]
    [InlineData("^a{2,4}$", "aaaa", true)]
    [InlineData("^a{2,4}$", "aaaaa", false)]
    [InlineData("^a{0}$", "", true)]
    [InlineData("^a{0}$", "a", false)]
    [InlineData("^a{0,0}b$", "b", true)]
    [InlineData("^a{1,1}$", "a", true)]
    [InlineData("^a*?$", "aa", true)]
    [InlineData("^a+?b$", "aab", true)]
    [InlineData("^a??b$", "ab", true)]
    [InlineData("^a{2}?$", "aa", true)]
    [InlineData("^a{2,}?$", "aaa", true)]
    [InlineData("^a{1,3}?$", "aaaa", false)]
    [InlineData("^(ab){2}(cd)?$", "ababcd", true)]
    [InlineData("^(ab){2}(cd)?$", "abcd", false)]
    [InlineData("^(?:a{2}){2,3}$", "aaaaaa", true)]
    [InlineData("^(?:a{2}){2,3}$", "aaaaa", false)]
    [InlineData("^[0-9]{3}-[0-9]{4}$", "555-1234", true)]
    [InlineData("^[0-9]{3}-[0-9]{4}$", "555-123", false)]
    [InlineData("^a{007}$", "aaaaaaa", true)]
    public void Quantifiers(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    [Theory]
    [InlineData("^(a*)*$", "aaa", true)]
    [InlineData("^(a*)*b$", "aaac", false)]
    [InlineData("^(|a)+$", "aaa", true)]
    [InlineData("^(|a)+$", "aab", false)]
    [InlineData("^()*$", "", true)]
    [InlineData("^()*a$", "a", true)]
    [InlineData("^(a*)+$", "", true)]
    [InlineData("^(a?){3}$", "a", true)]
    [InlineData("^(?:){1000}$", "", true)]
    [InlineData("^(?:(?:){1000000}){1000000}a$", "a", true)]
    [InlineData("^(?:a*?)*?$", "aa", true)]
    [InlineData("^(?:\\b)*a$", "a", true)]
    [InlineData("^(?:$)*$", "", true)]
    [InlineData("^(?:(?=a))*a$", "a", true)]
    public void Empty_loops_terminate(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    // ---- lookarounds ------------------------------------------------------------------------------

    [Theory]
    [InlineData("^(?=.*\\d)(?=.*[a-z]).{6,}$", "abc123", true)]
    [InlineData("^(?=.*\\d)(?=.*[a-z]).{6,}$", "abcdef", false)]
    [InlineData("^(?=.*\\d)(?=.*[a-z]).{6,}$", "ab12", false)]
    [InlineData("foo(?=bar)", "foobar", true)]
    [InlineData("foo(?=bar)", "foobaz", false)]
    [InlineData("^foo(?=bar)$", "foobar", false)] // zero-width: "bar" is not consumed
    [InlineData("foo(?!bar)", "foobar", false)]
    [InlineData("foo(?!bar)", "foobaz", true)]
    [InlineData("^(?!.*admin).*$", "user", true)]
    [InlineData("^(?!.*admin).*$", "the admin", false)]
    [InlineData("(?<=\\$)\\d+", "cost: $42", true)]
    [InlineData("(?<=\\$)\\d+", "cost: 42", false)]
    [InlineData("(?<!\\$)\\b\\d+", "cost: $42", false)]
    [InlineData("(?<!\\$)\\b\\d+", "cost: 42", true)]
    [InlineData("(?<=^a+)b", "aaab", true)]
    [InlineData("(?<=^a+)b", "xaab", false)]
    [InlineData("(?<=ab|^)c", "c", true)]
    [InlineData("(?<=ab|^)c", "abc", true)]
    [InlineData("(?<=ab|^)c", "xc", false)]
    [InlineData("^a(?<=a)b$", "ab", true)]
    [InlineData("^a(?<=b)b$", "ab", false)]
    [InlineData("(?<=(?<!x)a)b", "ab", true)]
    [InlineData("(?<=(?<!x)a)b", "xab", false)]
    [InlineData("^(?=a(?=b))ab$", "ab", true)]
    [InlineData("^(?=a(?!b))ab$", "ab", false)]
    [InlineData("^(?=(?<=^)a)a$", "a", true)]
    [InlineData("(?<=\ud83d\ude00)a", "\ud83d\ude00a", true)] // lookbehind steps back a whole code point
    [InlineData("(?<=^.)a", "\ud83d\ude00a", true)]
    [InlineData("(?<=^..)a", "\ud83d\ude00a", false)]
    [InlineData("^(?:(?=[a-z])\\w)+$", "abc", true)]
    [InlineData("^(?:(?=[a-z])\\w)+$", "ab1", false)]
    [InlineData("^(?:(?<=a)b|a)+$", "abab", true)]
    [InlineData("^(?:(?<=a)b|a)+$", "abb", false)]
    [InlineData("(?<=)", "", true)]
    [InlineData("(?!)", "abc", false)]
    [InlineData("(?=$)", "abc", true)]
    public void Lookarounds(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    // ---- typical schema patterns ---------------------------------------------------------------

    [Theory]
    [InlineData(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", "someone@example.com", true)]
    [InlineData(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", "someone@example", false)]
    [InlineData(@"^\d{4}-\d{2}-\d{2}$", "2024-02-29", true)]
    [InlineData(@"^\d{4}-\d{2}-\d{2}$", "2024-2-29", false)]
    [InlineData(@"^#?([a-f0-9]{6}|[a-f0-9]{3})$", "#a3c113", true)]
    [InlineData(@"^(\([0-9]{3}\))?[0-9]{3}-[0-9]{4}$", "(888)555-1212", true)]
    [InlineData(@"^(\([0-9]{3}\))?[0-9]{3}-[0-9]{4}$", "(800)FLOWERS", false)]
    [InlineData(@"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", "123e4567-e89b-12d3-a456-426614174000", true)]
    [InlineData(@"^https?://", "ftp://x", false)]
    public void TypicalSchemaPatterns(string pattern, string input, bool expected) => Assert.Equal(expected, Matches(pattern, input));

    // ---- syntax errors ---------------------------------------------------------------------------

    [Theory]
    [InlineData("[abc", "unterminated character class at offset 0")]
    [InlineData("ab[^", "unterminated character class at offset 2")]
    [InlineData("[a-", "unterminated character class at offset 0")]
    [InlineData(@"[\]", "unterminated character class at offset 0")]
    [InlineData("(ab", "unterminated group at offset 0")]
    [InlineData("a(b(c)", "unterminated group at offset 1")]
    [InlineData("(?:ab", "unterminated group at offset 0")]
    [InlineData("(?=a", "unterminated group at offset 0")]
    [InlineData("(?<=a", "unterminated group at offset 0")]
    [InlineData("ab)", "unmatched ')' at offset 2")]
    [InlineData(")", "unmatched ')' at offset 0")]
    [InlineData("*a", "nothing to repeat at offset 0")]
    [InlineData("+", "nothing to repeat at offset 0")]
    [InlineData("?", "nothing to repeat at offset 0")]
    [InlineData("{2}", "nothing to repeat at offset 0")]
    [InlineData("a|*", "nothing to repeat at offset 2")]
    [InlineData("(*)", "nothing to repeat at offset 1")]
    [InlineData("(?:+)", "nothing to repeat at offset 3")]
    [InlineData("^*", "nothing to repeat at offset 1")]
    [InlineData("a$+", "nothing to repeat at offset 2")]
    [InlineData(@"\b*", "nothing to repeat at offset 2")]
    [InlineData(@"\B{2}", "nothing to repeat at offset 2")]
    [InlineData("(?<=a)*", "nothing to repeat at offset 6")]
    [InlineData("(?<!a)?", "nothing to repeat at offset 6")]
    [InlineData("(?=a)*", "nothing to repeat at offset 5")] // Annex B's quantified lookahead is not in u mode
    [InlineData("(?!a){2}", "nothing to repeat at offset 5")]
    [InlineData("a**", "nothing to repeat at offset 2")]
    [InlineData("a*??", "nothing to repeat at offset 3")]
    [InlineData("a{2}{3}", "nothing to repeat at offset 4")]
    [InlineData("a{3,2}", "numbers out of order in {} quantifier at offset 1")]
    [InlineData("a{", "incomplete quantifier at offset 1")] // u mode: a '{' is never a literal
    [InlineData("a{1", "incomplete quantifier at offset 1")]
    [InlineData("a{1,", "incomplete quantifier at offset 1")]
    [InlineData("x{1,2", "incomplete quantifier at offset 1")]
    [InlineData("a{,2}", "incomplete quantifier at offset 1")]
    [InlineData("a{x}", "incomplete quantifier at offset 1")]
    [InlineData("{", "lone '{' (write \\{ for the character) at offset 0")]
    [InlineData("}", "lone '}' (write \\} for the character) at offset 0")]
    [InlineData("a]", "lone ']' (write \\] for the character) at offset 1")]
    [InlineData("[z-a]", "range out of order in character class at offset 2")]
    [InlineData(@"[\x5a-\x41]", "range out of order in character class at offset 5")]
    [InlineData("(?i)a", "invalid group at offset 0")]
    [InlineData("(?", "invalid group at offset 0")]
    [InlineData("(?P<n>a)", "invalid group at offset 0")]
    [InlineData("(?<>a)", "invalid group name at offset 0")]
    [InlineData("(?<1a>a)", "invalid group name at offset 0")]
    [InlineData("(?<a", "invalid group name at offset 0")]
    [InlineData("(?<a-b>x)", "invalid group name at offset 0")]
    [InlineData("(?<a\ud83d\ude00>x)", "invalid group name at offset 0")]
    [InlineData(@"(?<\x61>x)", "invalid group name at offset 0")]
    [InlineData("(?<a>x)(?<a>y)", "duplicate group name at offset 7")]
    [InlineData("(?<a>x)|(?<a>y)", "duplicate group name at offset 8")]
    [InlineData("(?i:a)", "invalid group at offset 0")]
    [InlineData("ab\\", "\\ at end of pattern at offset 2")]
    [InlineData("[a\\", "\\ at end of pattern at offset 2")]
    [InlineData(@"(a)\1", "backreferences are not supported (this engine matches in linear time) at offset 3")]
    [InlineData(@"\9", "backreferences are not supported (this engine matches in linear time) at offset 0")]
    [InlineData(@"(?<n>a)\k<n>", "backreferences are not supported (this engine matches in linear time) at offset 7")]
    [InlineData(@"\k<n>", "backreferences are not supported (this engine matches in linear time) at offset 0")]
    [InlineData(@"\01", "octal escapes are not allowed at offset 0")]
    [InlineData(@"[\00]", "octal escapes are not allowed at offset 1")]
    [InlineData(@"[\1]", "invalid escape (only syntax characters and '/' may be escaped in Unicode mode) at offset 1")]
    [InlineData(@"\a", "invalid escape (only syntax characters and '/' may be escaped in Unicode mode) at offset 0")]
    [InlineData(@"a\-", "invalid escape (only syntax characters and '/' may be escaped in Unicode mode) at offset 1")]
    [InlineData(@"\k", "invalid escape (only syntax characters and '/' may be escaped in Unicode mode) at offset 0")]
    [InlineData(@"[\B]", "invalid escape (only syntax characters and '/' may be escaped in Unicode mode) at offset 1")]
    [InlineData("\\\ud83d\ude00", "invalid escape (only syntax characters and '/' may be escaped in Unicode mode) at offset 0")]
    [InlineData(@"\c1", "invalid control escape (\\c needs a letter A-Z or a-z) at offset 0")]
    [InlineData(@"[\c_]", "invalid control escape (\\c needs a letter A-Z or a-z) at offset 1")]
    [InlineData(@"\xg", "invalid hex escape (\\x needs two hex digits) at offset 0")]
    [InlineData(@"\x4", "invalid hex escape (\\x needs two hex digits) at offset 0")]
    [InlineData(@"\u12", "invalid Unicode escape (\\u needs four hex digits or {code point}) at offset 0")]
    [InlineData(@"\u{}", "invalid Unicode escape at offset 0")]
    [InlineData(@"\u{41", "invalid Unicode escape at offset 0")]
    [InlineData(@"\u{4g}", "invalid Unicode escape at offset 0")]
    [InlineData(@"\u{110000}", "invalid Unicode escape at offset 0")]
    [InlineData(@"a\u{FFFFFFFFFFFF}", "invalid Unicode escape at offset 1")]
    [InlineData(@"[\d-z]", "a class escape cannot bound a range in a character class at offset 3")]
    [InlineData(@"[a-\d]", "a class escape cannot bound a range in a character class at offset 2")]
    [InlineData("[\ud83d\ude00-a]", "range out of order in character class at offset 3")]
    [InlineData(@"\p", "invalid Unicode property escape (\\p needs {name}) at offset 0")]
    [InlineData(@"\pL", "invalid Unicode property escape (\\p needs {name}) at offset 0")]
    [InlineData(@"\p{L", "invalid Unicode property escape (\\p needs {name}) at offset 0")]
    [InlineData(@"\p{Foo}", "unknown Unicode property \"Foo\" at offset 0")]
    [InlineData(@"[\P{}]", "unknown Unicode property \"\" at offset 1")]
    [InlineData(@"\p{gc=Foo}", "unknown Unicode property \"gc=Foo\" at offset 0")]
    [InlineData(@"\p{lu}", "unknown Unicode property \"lu\" at offset 0")]
    [InlineData(@"\p{Block=Basic_Latin}", "unknown Unicode property \"Block=Basic_Latin\" at offset 0")]
    [InlineData(@"\p{RGI_Emoji}", "unknown Unicode property \"RGI_Emoji\" at offset 0")] // a property of strings: v mode only
    [InlineData(@"\p{Script=Latin}", "Unicode script properties are not supported (\\p{Script=Latin}) at offset 0")]
    [InlineData(@"[\P{scx=Grek}]", "Unicode script properties are not supported (\\p{scx=Grek}) at offset 1")]
    [InlineData(@"\p{Alphabetic}", "the Unicode property \\p{Alphabetic} is not supported (only General_Category values, Any, ASCII and Assigned are) at offset 0")]
    [InlineData(@"\P{Emoji}", "the Unicode property \\p{Emoji} is not supported (only General_Category values, Any, ASCII and Assigned are) at offset 0")]
    public void SyntaxErrors(string pattern, string expected) => Assert.Equal(expected, SyntaxError(pattern));

    [Fact]
    public void Nesting_is_capped()
    {
        Assert.True(Matches(new string('(', 100) + "a" + new string(')', 100), "a"));
        Assert.True(Matches(new string('(', 50) + "(?=" + new string('(', 49) + "a" + new string(')', 100), "a"));
        Assert.Equal("pattern nests too deeply at offset 100", SyntaxError(new string('(', 101) + "a" + new string(')', 101)));
        // Far deeper than any stack could recurse: rejected at the cap, not by overflowing.
        Assert.Equal("pattern nests too deeply at offset 300", SyntaxError(string.Concat(System.Linq.Enumerable.Repeat("(?:", 1_000_000))));
        Assert.Equal("pattern nests too deeply at offset 300", SyntaxError(string.Concat(System.Linq.Enumerable.Repeat("(?=", 1_000))));
        Assert.Equal("pattern nests too deeply at offset 101", SyntaxError("a" + new string('(', 101)));
    }

    [Theory]
    [InlineData("a{100001}")]
    [InlineData("a{2147483647}")]
    [InlineData("a{99999999999999999999}")]
    [InlineData("a{0,100000}")]
    [InlineData("a{50000,}b{50000}")]
    [InlineData("(?:(?:(?:a{100}){100}){100})")]
    [InlineData("(?:a|b|c|d){30000}")]
    [InlineData("(?=a{100000})")]
    public void Huge_repetition_is_rejected(string pattern) => Assert.Equal("pattern is too large", SyntaxError(pattern));

    [Fact]
    public void Large_but_allowed_repetition_compiles()
    {
        EcmaPattern pattern = EcmaPattern.Compile("^a{1,40000}$");
        Assert.True(pattern.IsMatch(new string('a', 40_000)));
        Assert.False(pattern.IsMatch(new string('a', 40_001)));
        Assert.False(pattern.IsMatch(""));
    }

    // ---- linear time -------------------------------------------------------------------------------

    [Theory]
    [InlineData("^(a+)+$")]
    [InlineData("^(a|a)*$")]
    [InlineData("^(a|aa)+$")]
    [InlineData("^(a*)*$")]
    [InlineData("^(\\w+\\s?)*$")]
    [InlineData("^(a+)+b?$")]
    public void Pathological_patterns_answer_correctly(string source)
    {
        EcmaPattern pattern = EcmaPattern.Compile(source);
        Assert.True(pattern.IsMatch(new string('a', 50_000)));
        Assert.False(pattern.IsMatch(new string('a', 50_000) + "!"));
    }

    [Fact]
    public void Optional_prefix_pattern_answers_correctly()
    {
        // Exponential for a backtracking engine at n = 25.
        EcmaPattern pattern = EcmaPattern.Compile("^(?:a?){25}a{25}$");
        Assert.True(pattern.IsMatch(new string('a', 25)));
        Assert.True(pattern.IsMatch(new string('a', 50)));
        Assert.False(pattern.IsMatch(new string('a', 24)));
        Assert.False(pattern.IsMatch(new string('a', 51)));
    }

    [Fact]
    public void Alternation_star_before_missing_literal_answers_correctly()
    {
        EcmaPattern pattern = EcmaPattern.Compile("(a|a)*b");
        Assert.False(pattern.IsMatch(new string('a', 50_000)));
        Assert.True(pattern.IsMatch(new string('a', 50_000) + "b"));
    }

    [Fact]
    public void Repeated_lookarounds_answer_correctly()
    {
        // Each lookaround result is memoised per position, so this stays polynomial.
        EcmaPattern pattern = EcmaPattern.Compile("^(?:(?<=a*)(?=a*)a)+$");
        Assert.True(pattern.IsMatch(new string('a', 2_000)));
        Assert.False(pattern.IsMatch(new string('a', 2_000) + "b"));
    }

    // ---- budget ------------------------------------------------------------------------------------

    [Fact]
    public void Exceeding_the_budget_throws()
    {
        // The lookahead runs to the end from every position: quadratic, about 1.5 × 10^8 visits.
        EcmaPattern pattern = EcmaPattern.Compile("^(?:(?=.*$).)*$");
        Assert.Throws<PatternBudgetException>(() => pattern.IsMatch(new string('a', 10_000)));
        Assert.True(pattern.IsMatch(new string('a', 1_000)));
    }

    [Fact]
    public void A_large_program_against_a_long_value_exceeds_the_budget()
    {
        EcmaPattern pattern = EcmaPattern.Compile("(?:a|b){0,10000}c");
        Assert.Throws<PatternBudgetException>(() => pattern.IsMatch(new string('a', 20_000)));
        Assert.True(pattern.IsMatch(new string('a', 200) + "c"));
    }

    [Fact]
    public void Many_lookarounds_against_a_huge_value_exceed_the_budget_before_allocating_their_tables()
    {
        // 20,000 lookarounds × a 1 MB value would be 20 GB of per-position tables.
        EcmaPattern pattern = EcmaPattern.Compile(string.Concat(System.Linq.Enumerable.Repeat("(?=a)", 20_000)));
        Assert.Throws<PatternBudgetException>(() => pattern.IsMatch(new string('a', 1_000_000)));
        Assert.True(pattern.IsMatch("a"));
    }

    // ---- surface -------------------------------------------------------------------------------------

    [Fact]
    public void Source_is_kept()
    {
        Assert.Equal("^a+$", EcmaPattern.Compile("^a+$").Source);
        Assert.Equal("^a+$", EcmaPattern.Compile("^a+$").ToString());
    }

    [Fact]
    public void A_pattern_is_reusable_and_thread_safe()
    {
        EcmaPattern pattern = EcmaPattern.Compile("^(?=.*\\d)[a-z\\d]{4,}$");
        System.Threading.Tasks.Parallel.For(0, 2_000, i =>
        {
            Assert.True(pattern.IsMatch("abc" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.False(pattern.IsMatch("abcd" + new string('e', i % 7)));
        });
    }
}
