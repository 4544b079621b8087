using System.Globalization;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// The names <c>\p{..}</c> accepts for Unicode general categories, as bit masks indexed by
/// <see cref="UnicodeCategory"/> (what <see cref="char.GetUnicodeCategory(char)"/> returns).
/// </summary>
internal static class GeneralCategory
{
    /// <summary>Every category: <see cref="UnicodeCategory"/> has 30 members, 0 to 29.</summary>
    public const uint All = (1u << 30) - 1;

    // The two-letter Unicode abbreviations, in UnicodeCategory order.
    private static readonly string[] Names =
    [
        "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc",
        "Cf", "Cs", "Co", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Cn",
    ];

    /// <summary>
    /// Resolves <c>Lu</c>, <c>L</c>, <c>Letter</c> (and <c>General_Category=</c>/<c>gc=</c>
    /// followed by one of them). False for an unknown name.
    /// </summary>
    public static bool TryGetMask(string name, out uint mask)
    {
        int equals = name.IndexOf('=');
        if (equals >= 0)
        {
            string key = name[..equals];
            name = name[(equals + 1)..];
            if (key != "General_Category" && key != "gc") name = string.Empty;
        }
        name = name switch
        {
            "Letter" => "L",
            "Mark" => "M",
            "Number" => "N",
            "Punctuation" => "P",
            "Symbol" => "S",
            "Separator" => "Z",
            "Other" => "C",
            _ => name,
        };
        mask = 0;
        for (int i = 0; i < Names.Length; i++)
        {
            if (name == Names[i] || (name.Length == 1 && name[0] == Names[i][0])) mask |= 1u << i;
        }
        return mask != 0;
    }
}
