using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using LiteLlmNative.Executor.Pattern;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Executor;

/// <summary>
/// Issue 10, item 6: the pattern engine means what <c>new RegExp(pattern, "u").test(input)</c>
/// means. Every (pattern, input) case of the corpus is run through our engine and through Node,
/// and the two must agree on whether the pattern compiles and, if it does, on every match. The
/// patterns this engine rejects on purpose (Node takes them) are listed apart and must be
/// rejected as unsupported. Node is required: the test fails, it does not skip, without it.
/// Matches are compared with ECMA-262's search by code point, which <see cref="NodeRegExp"/>
/// runs in node; where V8's own <c>.test</c> differs, it must be V8's known zero-width match
/// inside a surrogate pair, which is listed in the output.
/// </summary>
public sealed class NodeCrossCheckTests
{
    // Astral characters: U+1F600, U+1F432, U+1D49C (a letter), U+10FFFF (the last code point).
    private const string Grin = "\U0001F600";
    private const string Dragon = "\U0001F432";
    private const string ScriptA = "\U0001D49C";
    private const string Last = "\U0010FFFF";
    private const string BoldA = "\U0001D400"; // Lu
    private const string BoldZero = "\U0001D7CE"; // Nd
    private const string PlaneFifteen = "\U000F0000"; // Co
    private const string Gothic = "\U00010330"; // Lo
    private const string LoneHigh = "\ud83d";
    private const string LoneLow = "\ude00";

    private readonly ITestOutputHelper _out;

    public NodeCrossCheckTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void The_engine_agrees_with_nodes_unicode_mode_regexp_case_by_case()
    {
        int cases = CrossCheck(Corpus(), "the corpus");
        Assert.True(cases >= 300, $"only {cases} cases");
    }

    [Fact]
    public void Generated_patterns_agree_with_node()
    {
        // A fixed seed: the same 3,000 patterns every run, mostly valid, nested and astral-heavy.
        CrossCheck(PatternGenerator.Corpus(seed: 20_241, count: 3_000, inputsEach: 4), "the generated corpus");
    }

    [Fact]
    public void What_the_engine_does_not_support_node_accepts_and_we_reject_as_unsupported()
    {
        string[] patterns = Unsupported();
        NodeRegExp.Verdict[] node = NodeRegExp.Evaluate(patterns.Select(p => (p, Array.Empty<string>())).ToList());
        var wrong = new List<string>();
        for (int k = 0; k < patterns.Length; k++)
        {
            if (!node[k].Valid) wrong.Add($"{Show(patterns[k])}: node rejects it too ({node[k].Error}); move it to the corpus");
            string message = Assert.Throws<PatternSyntaxException>(() => EcmaPattern.Compile(patterns[k])).Message;
            if (!message.Contains("not supported") && !message.Contains("too large") && !message.Contains("too deeply"))
            {
                wrong.Add($"{Show(patterns[k])}: rejected without saying it is unsupported: {message}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    // ES2025 syntax that Node 20 rejects and later Node versions accept: rejected here whatever
    // the installed node says, so the cross-check does not depend on its version.
    [InlineData("(?<a>x)|(?<a>y)", "duplicate group name at offset 8")]
    [InlineData("(?i:a)", "invalid group at offset 0")]
    [InlineData("(?-i:a)", "invalid group at offset 0")]
    public void Syntax_newer_than_node_20_is_rejected(string pattern, string expected) =>
        Assert.Equal(expected, Assert.Throws<PatternSyntaxException>(() => EcmaPattern.Compile(pattern)).Message);

    /// <summary>
    /// Runs <paramref name="corpus"/> through our engine and node and asserts that they agree;
    /// returns the number of cases.
    /// </summary>
    private int CrossCheck(List<(string Pattern, string[] Inputs)> corpus, string name)
    {
        NodeRegExp.Verdict[] node = NodeRegExp.Evaluate(corpus);
        var disagreements = new List<string>();
        var interior = new List<string>();
        int cases = 0;
        for (int k = 0; k < corpus.Count; k++)
        {
            (string pattern, string[] inputs) = corpus[k];
            NodeRegExp.Verdict expected = node[k];
            // A pattern node rejects is one case; a valid one, one per input.
            cases += expected.Valid ? Math.Max(1, inputs.Length) : 1;
            EcmaPattern? ours = null;
            string? ourError = null;
            try
            {
                ours = EcmaPattern.Compile(pattern);
            }
            catch (PatternSyntaxException e)
            {
                ourError = e.Message;
            }
            if (expected.Valid != (ours is not null))
            {
                disagreements.Add($"{Show(pattern)}: node {(expected.Valid ? "accepts it" : "rejects it (" + expected.Error + ")")}, "
                    + $"we {(ours is null ? "reject it (" + ourError + ")" : "accept it")}");
                continue;
            }
            if (ours is null) continue;
            for (int i = 0; i < inputs.Length; i++)
            {
                bool match = ours.IsMatch(inputs[i]);
                if (match != expected.Matches[i])
                {
                    disagreements.Add($"{Show(pattern)} on {Show(inputs[i])}: node {expected.Matches[i]}, we {match}");
                }
                if (expected.Tests[i] == expected.Matches[i]) continue;
                // Node's .test found more than its own search by code point: acceptable only as
                // V8's zero-width match inside a surrogate pair.
                string line = $"{Show(pattern)} on {Show(inputs[i])}: node's .test {expected.Tests[i]}, its search by code point {expected.Matches[i]}";
                if (expected.Interior[i]) interior.Add(line);
                else disagreements.Add(line + ", and not for a match inside a surrogate pair");
            }
        }
        int rejected = node.Count(v => !v.Valid);
        int matches = node.Sum(v => v.Matches.Count(m => m));
        _out.WriteLine($"{name}: {corpus.Count} patterns ({rejected} invalid under u), {cases} cases ({matches} matches), {disagreements.Count} disagreements");
        foreach (string line in disagreements) _out.WriteLine(line);
        _out.WriteLine($"{interior.Count} cases where V8's .test reports a match inside a surrogate pair (ECMA-262 has no such position; we follow ECMA-262):");
        foreach (string line in interior) _out.WriteLine(line);
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {cases} cases of {name} disagree with node:\n" + string.Join("\n", disagreements.Take(60)));
        return cases;
    }

    /// <summary>Valid JavaScript that this engine rejects by design, each with a message saying so.</summary>
    private static string[] Unsupported() =>
    [
        @"(a)\1",
        @"(a)(b)\2",
        @"(?<n>a)\k<n>",
        @"\p{Script=Latin}",
        @"\p{sc=Grek}",
        @"\p{Script_Extensions=Latin}",
        @"\P{scx=Hira}",
        @"[\p{Script=Cyrillic}a]",
        @"\p{Alphabetic}",
        @"\p{Alpha}",
        @"\p{White_Space}",
        @"\p{Emoji}",
        @"\p{Emoji_Presentation}",
        @"\p{ID_Start}",
        @"\p{Uppercase}",
        @"\P{Lowercase}",
        @"\p{Hex_Digit}",
        @"\p{ASCII_Hex_Digit}",
        @"\p{Extended_Pictographic}",
        @"\p{Regional_Indicator}",
        "a{100001}",
        "a{2147483648}",
        "a{0,100000}",
        new string('(', 101) + "a" + new string(')', 101),
    ];

    private static List<(string, string[])> Corpus()
    {
        var c = new List<(string, string[])>();
        void Add(string pattern, params string[] inputs) => c.Add((pattern, inputs));

        // ---- the issue's four examples ----------------------------------------------------------
        Add("^.$", Grin, "a", Grin + Grin, "", LoneHigh, LoneLow, Last);
        Add("^" + Dragon + "*$", Dragon + Dragon, "", Dragon, Dragon + "a", LoneHigh, "\ud83d\ud83d");
        Add(@"^\p{L}$", ScriptA, "a", "1", Grin, LoneHigh);
        Add("^.{1,20}$", string.Concat(Enumerable.Repeat(Grin, 20)), string.Concat(Enumerable.Repeat(Grin, 21)),
            string.Concat(Enumerable.Repeat(Grin, 10)), "", new string('a', 20) , new string('a', 21));

        // ---- '.', literals, search -----------------------------------------------------------------
        Add("^..$", Grin, Grin + Grin, "ab", LoneLow + LoneHigh, "\ud800\udc00");
        Add("^...$", "a" + Grin + "b", Grin);
        Add(".", "", "\n", "\r", "\u2028", "\u2029", "\u0085", Grin, LoneLow);
        Add("a.c", "abc", "a" + Grin + "c", "a\nc", "a" + LoneHigh + "c");
        Add(Grin, Grin, "a" + Grin + "b", LoneHigh, LoneLow);
        Add("^" + Grin + "$", Grin, Grin + Grin);
        Add("^" + Grin + "{2}$", Grin + Grin, Grin, "\ud83d\ude00\ude00");
        Add("^" + ScriptA + "+$", ScriptA + ScriptA, ScriptA + "a", "");
        Add("^(?:" + Grin + "|" + Dragon + ")+$", Grin + Dragon + Grin, Grin + "a");
        Add(LoneHigh, LoneHigh, Grin, LoneHigh + "a", "a" + LoneHigh);
        Add(LoneLow, LoneLow, Grin, LoneLow + LoneLow);
        Add("^" + LoneHigh + LoneLow + "$", Grin);
        Add("\ud83d\\uDE00", Grin, LoneHigh + LoneLow);
        Add("\\uD83D\ude00", Grin);
        Add("", "", "x", Grin);
        Add("abc", "xxabcxx", "ABC", "ab");
        Add("a/b", "a/b");
        Add("a b-c", "a b-c", "ab-c");
        Add("a\nb", "a\nb", "ab");
        Add("^[" + Grin + "]$", Grin, LoneHigh, LoneLow);

        // ---- escapes --------------------------------------------------------------------------------
        Add(@"^\n\r\t\f\v\0$", "\n\r\t\f\v\0", "\n\r\t\f\v0");
        Add(@"^\0$", "\0", "0");
        Add(@"^\cA\cZ\ca\cz\cJ$", "\u0001\u001a\u0001\u001a\n");
        Add(@"^\x41\x7a\xFF$", "Az\u00ff", "AZ\u00ff");
        Add(@"^\u0041\u00e9\u20AC$", "A\u00e9\u20ac");
        Add(@"^\u{41}\u{0000062}\u{FFFF}$", "Ab\uffff");
        Add(@"^\u{1F600}$", Grin, LoneHigh);
        Add(@"^\u{10FFFF}$", Last, "\udbff");
        Add(@"^\u{1d49c}$", ScriptA);
        Add(@"^\uD83D\uDE00$", Grin, LoneHigh + LoneLow);
        Add(@"^\uD83D$", LoneHigh, Grin);
        Add(@"\uDE00", LoneLow, Grin, "a" + LoneLow);
        Add(@"^\u{D83D}\u{DE00}$", Grin);
        Add(@"^\uD83D\u{DE00}$", Grin);
        Add(@"^\uDE00\uD83D$", LoneLow + LoneHigh, Grin);
        Add(@"^\^\$\\\.\*\+\?\(\)\[\]\{\}\|\/$", @"^$\.*+?()[]{}|/");
        Add(@"\a");
        Add(@"\e");
        Add(@"\q");
        Add(@"\_");
        Add(@"\-");
        Add(@"\ ");
        Add("\\" + Grin);
        Add(@"\k");
        Add(@"\k<n>");
        Add(@"\c");
        Add(@"\c1");
        Add(@"\c_");
        Add(@"\x");
        Add(@"\x4");
        Add(@"\xg0");
        Add(@"\u");
        Add(@"\u12");
        Add(@"\u12g4");
        Add(@"\u{}");
        Add(@"\u{41");
        Add(@"\u{4g}");
        Add(@"\u{110000}");
        Add(@"\u{FFFFFFFFFFFF}");
        Add(@"\u{0000000000000041}", "A");
        Add(@"\00");
        Add(@"\01");
        Add(@"\1");
        Add(@"\8");
        Add(@"(a)\2");
        Add(@"a\");
        Add("\\");

        // ---- \d \w \s and their complements over code points -----------------------------------
        Add(@"^\d+$", "0123456789", "\u0663", BoldZero);
        Add(@"^\D$", "a", "5", Grin, LoneHigh, BoldZero);
        Add(@"^\w+$", "azAZ09_", "\u00e9", ScriptA);
        Add(@"^\W$", "-", "_", ScriptA, Grin, LoneLow);
        Add(@"^\s+$", "\t\n\v\f\r \u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff");
        Add(@"\s", "\u200b", "\u0085", "\u180e", Grin);
        Add(@"^\S$", "x", "\u3000", Grin, LoneHigh);
        Add(@"^\S\S$", Grin);
        Add(@"^[\S\s]$", Grin, "\n", Last);
        Add(@"^[^\S\s]$", "a", Grin);
        Add(@"^[\W\d]+$", "-5" + Grin, "a");
        Add(@"^[^\W]$", "a", Grin);
        Add(@"^[^\w]$", Grin, "a");
        Add(@"^[^\d]{2}$", Grin + ScriptA, "a1");

        // ---- \b \B ----------------------------------------------------------------------------------
        Add(@"\bcat\b", "a cat sat", "concatenate", Grin + "cat" + Grin);
        Add(@"\b", "", Grin, "a");
        Add(@"\B", "", Grin, "a");
        Add(@"a\b" + Grin, "a" + Grin);
        Add(Grin + @"\B" + Grin, Grin + Grin);
        Add(@"\b\u00e9", "\u00e9");
        Add(@"^\B.\B$", Grin, "a");
        Add(@"a\b_", "a_");
        // V8 (Node 20) also tries the position inside a surrogate pair, where \B holds between
        // the two halves; ECMA-262 (and this engine) has no such position.
        Add(@"\B", "A" + ScriptA + "b", "_" + Last + "z", "1" + Last + "a");

        // ---- \p and \P ------------------------------------------------------------------------------
        Add(@"^\p{L}+$", "aZ\u00e9\u4e2d" + ScriptA + Gothic, "a1");
        Add(@"^\p{Lu}$", "A", "a", BoldA, ScriptA);
        Add(@"^\p{Uppercase_Letter}$", BoldA, "a");
        Add(@"^\p{Ll}$", "a", "\U0001D41A");
        Add(@"^\p{Lowercase_Letter}$", "a");
        Add(@"^\p{Lt}\p{Titlecase_Letter}$", "\u01c5\u01c8");
        Add(@"^\p{Lm}\p{Modifier_Letter}$", "\u02b0\u02b1");
        Add(@"^\p{Lo}\p{Other_Letter}$", "\u4e2d" + Gothic);
        Add(@"^\p{LC}+$", "aA\u01c5", "\u4e2d");
        Add(@"^\p{Cased_Letter}$", BoldA, "\u02b0");
        Add(@"^\p{M}\p{Mark}\p{Combining_Mark}$", "\u0301\u0903\u20dd");
        Add(@"^\p{Mn}\p{Nonspacing_Mark}$", "\u0301\U0001D167");
        Add(@"^\p{Mc}\p{Spacing_Mark}$", "\u0903\u0903");
        Add(@"^\p{Me}\p{Enclosing_Mark}$", "\u20dd\u20de");
        Add(@"^\p{N}\p{Number}$", "\u2167" + BoldZero);
        Add(@"^\p{Nd}\p{Decimal_Number}\p{digit}$", "\u0663" + BoldZero + "7");
        Add(@"^\p{Nl}\p{Letter_Number}$", "\u2167\U00010140");
        Add(@"^\p{No}\p{Other_Number}$", "\u00bd\U00010107");
        Add(@"^\p{P}\p{Punctuation}\p{punct}$", "!?\U00010100");
        Add(@"^\p{Pc}\p{Connector_Punctuation}$", "_\u203f");
        Add(@"^\p{Pd}\p{Dash_Punctuation}$", "-\u2014");
        Add(@"^\p{Ps}\p{Open_Punctuation}\p{Pe}\p{Close_Punctuation}$", "([)]");
        Add(@"^\p{Pi}\p{Initial_Punctuation}\p{Pf}\p{Final_Punctuation}$", "\u00ab\u2018\u00bb\u2019");
        Add(@"^\p{Po}\p{Other_Punctuation}$", "!\u00a7");
        Add(@"^\p{S}\p{Symbol}$", "+" + Grin);
        Add(@"^\p{Sm}\p{Math_Symbol}$", "+\U0001D6C1");
        Add(@"^\p{Sc}\p{Currency_Symbol}$", "$\u20ac");
        Add(@"^\p{Sk}\p{Modifier_Symbol}$", "^\U0001F3FB");
        Add(@"^\p{So}\p{Other_Symbol}$", "\u00a9" + Grin, "\u00a9a");
        Add(@"^\p{Z}\p{Separator}$", " \u2028");
        Add(@"^\p{Zs}\p{Space_Separator}$", " \u3000");
        Add(@"^\p{Zl}\p{Line_Separator}\p{Zp}\p{Paragraph_Separator}$", "\u2028\u2028\u2029\u2029");
        Add(@"^\p{C}\p{Other}$", "\u0001\u200b");
        Add(@"^\p{Cc}\p{Control}\p{cntrl}$", "\u0001\u007f\u009f");
        Add(@"^\p{Cf}\p{Format}$", "\u200b\U000E0001");
        Add(@"^\p{Co}\p{Private_Use}$", "\ue000" + PlaneFifteen);
        Add(@"^\p{Cn}\p{Unassigned}$", "\u0378" + Last, "\u0378a");
        Add(@"^\p{Cs}$", LoneHigh, LoneLow, Grin);
        Add(@"^\p{Surrogate}+$", LoneLow + LoneHigh, LoneHigh + LoneLow);
        Add(@"^\P{Cs}$", Grin, LoneHigh);
        Add(@"^\p{gc=Lu}\p{General_Category=Letter}\p{gc=Cased_Letter}\p{General_Category=punct}$", "Ab\u01c5!");
        Add(@"^\P{L}$", "1", "a", Grin, ScriptA);
        Add(@"^\P{Lu}+$", "ab1" + Grin, "aB");
        Add(@"^[\p{Lu}\d]+$", "A1B2" + BoldA, "A1b2");
        Add(@"^[^\p{L}]$", "a", Grin, ScriptA);
        Add(@"^[^\P{L}]$", "a", ScriptA, Grin);
        Add(@"^[\p{L}\p{N}]+$", ScriptA + BoldZero + "a1", "a" + Grin);
        Add(@"^\p{Any}$", Grin, LoneHigh, "\n", "");
        Add(@"^\P{Any}$", "a", Grin);
        Add(@"^[\P{Any}]$", "a");
        Add(@"^\p{ASCII}+$", "abc\u007f", "ab\u0080");
        Add(@"^\P{ASCII}$", "\u0080", Grin, "a");
        Add(@"^\p{Assigned}$", Grin, "a", "\u0378", Last, LoneHigh);
        Add(@"^\P{Assigned}$", "\u0378", Last, Grin);
        Add(@"\p");
        Add(@"\pL");
        Add(@"\p{");
        Add(@"\p{L");
        Add(@"\p{}");
        Add(@"\P{}");
        Add(@"\p{Foo}");
        Add(@"\p{lu}");
        Add(@"\p{ L}");
        Add(@"\p{L }");
        Add(@"\p{Lowercase_letter}");
        Add(@"\p{letter}");
        Add(@"\p{gc=}");
        Add(@"\p{=Lu}");
        Add(@"\p{gc}");
        Add(@"\p{General_Category}");
        Add(@"\p{gc=Foo}");
        Add(@"\p{gc=Any}");
        Add(@"\p{Lu=Lu}");
        Add(@"\p{Block=Basic_Latin}");
        Add(@"\p{Script=}");
        Add(@"\p{RGI_Emoji}");
        Add(@"\p{Basic_Emoji}");
        Add(@"\p{Any=Yes}");

        // ---- classes --------------------------------------------------------------------------------
        Add("^[abc]$", "b", "d");
        Add("^[^abc]$", "d", "a", "\n", Grin, LoneHigh, Last);
        Add("^[^a]{2}$", Grin + Grin, Grin, "\ud83d\ude00b");
        Add("^[a-z]+$", "hello", "Hello");
        Add("^[" + Grin + "-\U0001F64F]$", "\U0001F603", "\U0001F64F", "\U0001F680", LoneHigh);
        Add("^[a-" + Grin + "]$", "z", ScriptA, Dragon, "\U0001F601");
        Add("^[" + Grin + "-a]$");
        Add(@"^[\u{1F600}-\u{1F64F}]+$", Grin + "\U0001F64F", Dragon);
        Add(@"^[\uD83D\uDE00-\uD83D\uDE4F]$", "\U0001F610", Dragon, LoneHigh);
        Add(@"^[\u{10000}-\u{10FFFF}]$", ScriptA, Last, "\uffff", LoneHigh);
        Add(@"^[^\u{10FFFF}]$", Last, "\U0010FFFE", LoneHigh);
        Add(@"^[\ud800-\udbff][\udc00-\udfff]$", Grin, LoneHigh + LoneLow);
        Add(@"^[\ud800-\udfff]$", LoneHigh, LoneLow, Grin);
        Add(@"^[\ud800-\udbff\udc00-\udfff]$", "-", "\udfff", "\U0010FC00", "\U0010FC01", "\ud900", Grin);
        Add(@"[\udc00-\udfff]", Grin, LoneLow, "a" + LoneLow);
        Add("^[A-Za-z0-9_-]+$", "A-b_9", "a" + Grin);
        Add("^[-a]+$", "-a-");
        Add("^[a-]+$", "-a-", "b");
        Add(@"^[\w-]+$", "a-b", Grin);
        Add(@"^[-\d]+$", "-1");
        Add(@"[\d-z]");
        Add(@"[a-\d]");
        Add(@"[\p{L}-z]");
        Add(@"[\s-\S]");
        Add("[z-a]");
        Add(@"[\x5a-\x41]");
        Add(@"^[\b]$", "\b", "b");
        Add(@"^[\-]$", "-", "\\");
        Add(@"^[\]]$", "]");
        Add(@"^[\\]$", "\\");
        Add(@"^[\^]$", "^");
        Add("^[^^]$", "^", "a");
        Add(@"^[\x41-\x43]+$", "ABC", "D");
        Add(@"^[\u0410-\u044f]+$", "\u041f\u0440\u0438");
        Add(@"^[\n\cJ\0]$", "\n", "\0");
        Add(@"^[\cA]$", "\u0001");
        Add(@"[\B]");
        Add(@"[\c1]");
        Add(@"[\c_]");
        Add(@"[\c]");
        Add(@"[\1]");
        Add(@"[\8]");
        Add(@"[\00]");
        Add(@"[\k]");
        Add(@"[\a]");
        Add(@"[\x]");
        Add(@"[\u{110000}]");
        Add("^[.]$", "x", ".");
        Add("^[*+?{}()|^$/]+$", "*+?{}()|^$/");
        Add("^[[]$", "[");
        Add("^[a[]+$", "[a");
        Add("[]", "", "anything", Grin);
        Add("^[^]$", "\n", "", Grin, LoneHigh);
        Add("^[--/]+$", "-./");
        Add("^[\u00e0-\u00ff]$", "\u00e9", "e");
        Add("[abc");
        Add("[a-");
        Add(@"[\]");
        Add("[");
        Add("[^");

        // ---- quantifiers over code points ----------------------------------------------------
        Add("^a*$", "", "aaa", "aab");
        Add("^a+$", "", "aaa");
        Add("^ab?c$", "ac", "abc", "abbc");
        Add("^a{3}$", "aaa", "aa", "aaaa");
        Add("^a{2,}$", "a", "aaaaaa");
        Add("^a{2,4}$", "a", "aa", "aaaa", "aaaaa");
        Add("^a{0}$", "", "a");
        Add("^a{007}$", "aaaaaaa");
        Add("^.{3}$", "a" + Grin + "b", Grin + Grin + Grin, Grin + Grin);
        Add("^(?:a|" + Grin + "){2,3}$", "a" + Grin, Grin + Grin + Grin + Grin, Grin);
        Add(@"^\P{L}{2}$", Grin + Grin, Grin);
        Add(@"^[^\s]{1,5}$", string.Concat(Enumerable.Repeat(Grin, 5)), string.Concat(Enumerable.Repeat(Grin, 6)));
        Add("^.{2,3}?$", Grin + Grin, Grin);
        Add("^a*?$", "aa");
        Add("^a+?b$", "aab");
        Add("^a??b$", "ab");
        Add("^a{2}?$", "aa");
        Add("^a{1,3}?$", "aaaa");
        Add("^(?:a{2}){2,3}$", "aaaaaa", "aaaaa");
        Add("^(ab){2}(cd)?$", "ababcd", "abcd");
        Add("^(a*)*$", "aaa");
        Add("^(?:){5}$", "");
        Add("^(|a)+$", "aaa", "aab");
        Add("a{");
        Add("a{1");
        Add("a{1,");
        Add("a{1,2");
        Add("a{,2}");
        Add("a{,}");
        Add("a{x}");
        Add("a{ 1}");
        Add("{");
        Add("}");
        Add("]");
        Add("a}");
        Add("a]");
        Add("{2}");
        Add("a{2}{3}");
        Add("a**");
        Add("a*??");
        Add("a{3,2}");
        Add("*a");
        Add("+");
        Add("?");
        Add("a|*");
        Add("(*)");
        Add("^*");
        Add("$+");
        Add(@"\b*");
        Add(@"\B{2}");

        // ---- anchors --------------------------------------------------------------------------------
        Add("^abc", "abcd", "xabc");
        Add("abc$", "xabc", "abcx", "abc\n");
        Add("^$", "", "\n", Grin);
        Add("a^b", "a^b");
        Add("^^a$$", "a");

        // ---- groups ---------------------------------------------------------------------------------
        Add("^(ab)+$", "ababab", "ababa");
        Add("^(?:ab)+$", "abab");
        Add("^(?<pair>ab)+$", "abab");
        Add("^(?<$x_1>a)$", "a");
        Add("^(?<\u00e9>a)$", "a");
        Add("^(?<\u4e2d>a)$", "a");
        Add("^(?<" + ScriptA + ">a)$", "a");
        Add("^(?<a" + ScriptA + ">a)$", "a");
        Add(@"^(?<\u0061b>x)$", "x");
        Add(@"^(?<\u{61}>x)$", "x");
        Add(@"^(?<\uD835\uDC9C>x)$", "x");
        Add(@"^(?<a\u{1D49C}>x)$", "x");
        Add("(?<a\u00b7b>x)", "x");
        Add("(?<a\u203fb>x)", "x");
        Add("(?<a\u200cb>x)", "x");
        Add("(?<\u2167>x)", "x");
        Add("(?<a\u0663>x)", "x");
        Add("(?<\u0663>x)");
        Add("(?<a" + Grin + ">x)");
        Add("(?<" + Grin + ">x)");
        Add("(?<a b>x)");
        Add("(?<a-b>x)");
        Add("(?<>a)");
        Add("(?<1a>a)");
        Add("(?<a");
        Add("(?<a>");
        Add(@"(?<\x61>x)");
        Add(@"(?<\u{110000}>x)");
        Add("(?<a>x)(?<b>y)", "xy");
        Add("(?<a>x)(?<a>y)");
        Add("^cat|dog$", "cats", "hotdog");
        Add("^(?:cat|dog)$", "cats", "dog");
        Add("^(|a)b$", "b", "ab");
        Add("^a|$", "xyz");
        Add("^(a(b(c|d)))$", "abd", "abe");
        Add("(?i)a");
        Add("(?");
        Add("(?P<n>a)");
        Add("(ab");
        Add("a(b(c)");
        Add("ab)");
        Add(")");

        // ---- lookarounds ----------------------------------------------------------------------------
        Add(@"^(?=.*\d)(?=.*[a-z]).{6,}$", "abc123", "abcdef", "ab12", Grin + "a1" + Grin + Grin + Grin);
        Add("foo(?=bar)", "foobar", "foobaz");
        Add("foo(?!bar)", "foobar", "foobaz");
        Add(@"(?<=\$)\d+", "cost: $42", "cost: 42");
        Add(@"(?<!\$)\b\d+", "cost: $42", "cost: 42");
        Add("(?<=^a+)b", "aaab", "xaab");
        Add("(?<=" + Grin + ")a", Grin + "a", "a");
        Add(@"(?<=\uDE00)a", Grin + "a", LoneLow + "a");
        Add(@"(?<=\uD83D)", Grin, LoneHigh);
        Add("(?<=.)a", Grin + "a", "a");
        Add("^.(?<=" + Grin + ")$", Grin);
        Add("^(?<=^.)", Grin);
        Add("(?<=^..)a", Grin + "a", Grin + "ba");
        Add("(?<![" + Grin + "])a", Grin + "a", "ba");
        Add("(?=" + Grin + ")", Grin, "a");
        Add(@"(?=\uD83D)", Grin, LoneHigh);
        Add(@"^(?!\uD83D).$", Grin, LoneHigh);
        Add("(?<=(?<!x)a)b", "ab", "xab");
        Add("^(?=a(?=b))ab$", "ab");
        Add("^(?:(?<=a)b|a)+$", "abab", "abb");
        Add("(?<=)", "");
        Add("(?!)", "abc");
        Add("(?!.*$)", Grin + Grin, LoneLow + Last + Grin, "ab");
        Add(@"(?<!\W)(?![^]{1,3}?)", "-" + ScriptA, "a");
        Add("(?=a)*");
        Add("(?=a){2}");
        Add("(?!a)+");
        Add("(?<=a)?");
        Add("(?<!a){1}");
        Add("(?=a");
        Add("(?<=a");

        // ---- typical schema patterns, with astral values -------------------------------------------
        Add(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", "someone@example.com", Grin + "@" + Grin + ".com", "someone@example");
        Add(@"^\d{4}-\d{2}-\d{2}$", "2024-02-29", "2024-2-29");
        Add("^[A-Za-z0-9_-]{1,20}$", "user_name-1", Grin);
        Add(@"^[\p{L}\p{M}' -]{1,40}$", "Zo\u00eb O'Brien", ScriptA + "lice", "R2D2");
        Add(@"^(\([0-9]{3}\))?[0-9]{3}-[0-9]{4}$", "(888)555-1212", "(800)FLOWERS");
        Add("^[^<>]{0,3}$", Grin + Grin + Grin, Grin + Grin + Grin + Grin);

        return c;
    }

    /// <summary>A string as C# would write it, every character outside printable ASCII escaped.</summary>
    private static string Show(string text)
    {
        var s = new StringBuilder("\"");
        foreach (char ch in text) s.Append(ch is >= ' ' and <= '~' && ch != '"' ? ch.ToString() : $"\\u{(int)ch:x4}");
        return s.Append('"').ToString();
    }
}
