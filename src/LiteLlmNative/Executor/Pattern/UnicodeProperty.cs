using System;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// What <c>\p{..}</c> and <c>\P{..}</c> may name. Supported: every General_Category value
/// (<c>L</c>, <c>Lu</c>, <c>Letter</c>, <c>gc=Lu</c>, <c>General_Category=Uppercase_Letter</c>
/// ...) and the three properties ECMA-262 defines itself, <c>Any</c>, <c>ASCII</c> and
/// <c>Assigned</c>. ECMA-262's other binary properties and the script properties are valid
/// JavaScript but need Unicode data this runtime does not carry: they are rejected as
/// unsupported, never approximated.
/// </summary>
internal static class UnicodeProperty
{
    // ECMA-262's table of binary Unicode properties (names and short aliases) but Any, ASCII
    // and Assigned: known, so the rejection can say "not supported" rather than "unknown".
    private static readonly string[] UnsupportedBinary =
    [
        "ASCII_Hex_Digit", "AHex", "Alphabetic", "Alpha", "Bidi_Control", "Bidi_C", "Bidi_Mirrored",
        "Bidi_M", "Case_Ignorable", "CI", "Cased", "Changes_When_Casefolded", "CWCF",
        "Changes_When_Casemapped", "CWCM", "Changes_When_Lowercased", "CWL",
        "Changes_When_NFKC_Casefolded", "CWKCF", "Changes_When_Titlecased", "CWT",
        "Changes_When_Uppercased", "CWU", "Dash", "Default_Ignorable_Code_Point", "DI", "Deprecated",
        "Dep", "Diacritic", "Dia", "Emoji", "Emoji_Component", "EComp", "Emoji_Modifier", "EMod",
        "Emoji_Modifier_Base", "EBase", "Emoji_Presentation", "EPres", "Extended_Pictographic",
        "ExtPict", "Extender", "Ext", "Grapheme_Base", "Gr_Base", "Grapheme_Extend", "Gr_Ext",
        "Hex_Digit", "Hex", "IDS_Binary_Operator", "IDSB", "IDS_Trinary_Operator", "IDST",
        "ID_Continue", "IDC", "ID_Start", "IDS", "Ideographic", "Ideo", "Join_Control", "Join_C",
        "Logical_Order_Exception", "LOE", "Lowercase", "Lower", "Math", "Noncharacter_Code_Point",
        "NChar", "Pattern_Syntax", "Pat_Syn", "Pattern_White_Space", "Pat_WS", "Quotation_Mark",
        "QMark", "Radical", "Regional_Indicator", "RI", "Sentence_Terminal", "STerm", "Soft_Dotted",
        "SD", "Terminal_Punctuation", "Term", "Unified_Ideograph", "UIdeo", "Uppercase", "Upper",
        "Variation_Selector", "VS", "White_Space", "space", "XID_Continue", "XIDC", "XID_Start", "XIDS",
    ];

    /// <summary>
    /// The set <c>\p{<paramref name="expression"/>}</c> stands for (its complement for
    /// <c>\P</c>), or null and in <paramref name="rejection"/> why it is refused.
    /// </summary>
    public static CharClass? TryCreate(string expression, bool complement, out string rejection)
    {
        rejection = string.Empty;
        var set = new CharClass();
        int equals = expression.IndexOf('=');
        string name = equals < 0 ? expression : expression[..equals];
        string value = equals < 0 ? string.Empty : expression[(equals + 1)..];
        if (equals >= 0 && name is "Script" or "sc" or "Script_Extensions" or "scx")
        {
            rejection = $"Unicode script properties are not supported (\\p{{{expression}}})";
            return null;
        }
        if (equals >= 0 && name is not ("General_Category" or "gc"))
        {
            rejection = $"unknown Unicode property \"{expression}\"";
            return null;
        }
        string lone = equals < 0 ? name : value;
        if (GeneralCategory.TryGetMask(lone, out uint mask)) return set.AddCategories(mask, complement).Freeze();
        if (equals < 0)
        {
            switch (name)
            {
                case "Any":
                    return set.AddCategories(GeneralCategory.All, complement).Freeze();
                case "Assigned":
                    return set.AddCategories(GeneralCategory.Unassigned, !complement).Freeze();
                case "ASCII":
                    return set.AddAscii(complement).Freeze();
            }
            if (Array.IndexOf(UnsupportedBinary, name) >= 0)
            {
                rejection = $"the Unicode property \\p{{{name}}} is not supported (only General_Category values, Any, ASCII and Assigned are)";
                return null;
            }
        }
        rejection = $"unknown Unicode property \"{expression}\"";
        return null;
    }
}
