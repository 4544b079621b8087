using System.Globalization;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>
/// The code points a group name (<c>(?&lt;name&gt;..)</c>) may use: ECMAScript's
/// IdentifierStartChar and IdentifierPartChar, that is Unicode ID_Start / ID_Continue plus '$'
/// (and '_', ZWNJ, ZWJ). ID_Start and ID_Continue are derived from general categories as
/// Unicode defines them (DerivedCoreProperties.txt), with their short lists of exceptions.
/// </summary>
internal static class GroupNameChar
{
    public static bool IsStart(int codePoint) => codePoint is '$' or '_' || IsIdStart(codePoint);

    public static bool IsPart(int codePoint) =>
        codePoint is '$' or '_' || IsIdStart(codePoint)
        || CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.ConnectorPunctuation
        // Other_ID_Continue, which includes ZWNJ and ZWJ since Unicode 15.1.
        || codePoint is 0x00B7 or 0x0387 or (>= 0x1369 and <= 0x1371) or 0x19DA or 0x200C or 0x200D
            or 0x30FB or 0xFF65;

    private static bool IsIdStart(int codePoint) =>
        // U+2E2F VERTICAL TILDE is a letter (Lm) but also Pattern_Syntax, which ID_Start excludes.
        codePoint != 0x2E2F
        && (CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.UppercaseLetter
                or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.LetterNumber
            // Other_ID_Start.
            || codePoint is 0x1885 or 0x1886 or 0x2118 or 0x212E or 0x309B or 0x309C);
}
