using System.Globalization;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// The values of the Unicode property General_Category that <c>\p{..}</c> accepts (every name and
/// alias ECMA-262 lists, case-sensitive as it requires), as bit masks indexed by
/// <see cref="UnicodeCategory"/> (what <see cref="CharUnicodeInfo.GetUnicodeCategory(int)"/> returns).
/// </summary>
internal static class GeneralCategory
{
    /// <summary>Every category: <see cref="UnicodeCategory"/> has 30 members, 0 to 29.</summary>
    public const uint All = (1u << 30) - 1;

    /// <summary>Cn: the code points no Unicode version known to this runtime assigns.</summary>
    public const uint Unassigned = 1u << (int)UnicodeCategory.OtherNotAssigned;

    // The two-letter Unicode abbreviations and long names, in UnicodeCategory order.
    private static readonly string[] Short =
    [
        "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc",
        "Cf", "Cs", "Co", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Cn",
    ];

    private static readonly string[] Long =
    [
        "Uppercase_Letter", "Lowercase_Letter", "Titlecase_Letter", "Modifier_Letter", "Other_Letter",
        "Nonspacing_Mark", "Spacing_Mark", "Enclosing_Mark", "Decimal_Number", "Letter_Number",
        "Other_Number", "Space_Separator", "Line_Separator", "Paragraph_Separator", "Control",
        "Format", "Surrogate", "Private_Use", "Connector_Punctuation", "Dash_Punctuation",
        "Open_Punctuation", "Close_Punctuation", "Initial_Punctuation", "Final_Punctuation",
        "Other_Punctuation", "Math_Symbol", "Currency_Symbol", "Modifier_Symbol", "Other_Symbol",
        "Unassigned",
    ];

    /// <summary>Resolves a value such as <c>Lu</c>, <c>L</c>, <c>Letter</c> or <c>digit</c>; false for any other name.</summary>
    public static bool TryGetMask(string name, out uint mask)
    {
        name = name switch
        {
            "Letter" => "L",
            "Cased_Letter" => "LC",
            "Mark" or "Combining_Mark" => "M",
            "Number" => "N",
            "Punctuation" or "punct" => "P",
            "Symbol" => "S",
            "Separator" => "Z",
            "Other" => "C",
            "cntrl" => "Cc",
            "digit" => "Nd",
            _ => name,
        };
        mask = 0;
        for (int i = 0; i < Short.Length; i++)
        {
            bool member = name == Short[i] || name == Long[i]
                || (name.Length == 1 && name[0] == Short[i][0])
                || (name == "LC" && Short[i] is "Lu" or "Ll" or "Lt");
            if (member) mask |= 1u << i;
        }
        return mask != 0;
    }
}
