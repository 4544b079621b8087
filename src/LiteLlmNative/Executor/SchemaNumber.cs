using System;
using System.Text;

namespace LiteLlmNative.Executor;

/// <summary>
/// A JSON number held exactly, as decimal digits and a decimal exponent, so that comparisons
/// (<c>minimum</c>, <c>maximum</c>, <c>enum</c>, <c>const</c>) and the <c>integer</c> test are
/// exact for any number JSON can spell: no rounding through double, no overflow through
/// decimal (<c>1e400</c> is simply a large integer, <c>0.30000000000000001</c> is above 0.3).
/// </summary>
/// <remarks>
/// The value is <c>±0.Digits × 10^PointPosition</c> with <see cref="Digits"/> free of leading
/// and trailing zeros (empty for zero, whose sign is dropped: -0 equals 0). That normal form
/// makes equality plain field equality and ordering a comparison of the position, then the
/// digits. An absurd exponent (beyond ±10^15) is clamped; no real document depends on that.
/// </remarks>
internal readonly struct SchemaNumber : IComparable<SchemaNumber>, IEquatable<SchemaNumber>
{
    private const long ExponentLimit = 1_000_000_000_000_000L;

    private SchemaNumber(bool negative, string digits, long pointPosition)
    {
        Negative = negative;
        Digits = digits;
        PointPosition = pointPosition;
    }

    public bool Negative { get; }

    public string Digits { get; }

    public long PointPosition { get; }

    public bool IsZero => Digits.Length == 0;

    /// <summary>True when the value has no fractional part (1.0, 1e2 and 1.5e1 are integers).</summary>
    public bool IsInteger => IsZero || Digits.Length <= PointPosition;

    /// <summary>
    /// Parses the raw text of a JSON number (as <c>JsonElement.GetRawText()</c> returns it,
    /// which the JSON reader has already checked against the number grammar).
    /// </summary>
    public static SchemaNumber Parse(string text)
    {
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] == '-')
        {
            negative = true;
            i++;
        }

        var digits = new StringBuilder(text.Length);
        long integerDigits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            digits.Append(text[i++]);
            integerDigits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                digits.Append(text[i++]);
            }
        }

        long exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            bool negativeExponent = false;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                if (exponent < ExponentLimit) exponent = (exponent * 10) + (text[i] - '0');
                i++;
            }

            exponent = Math.Min(exponent, ExponentLimit);
            if (negativeExponent) exponent = -exponent;
        }

        if (i != text.Length || digits.Length == 0)
        {
            throw new FormatException("not a JSON number: " + text);
        }

        int start = 0;
        while (start < digits.Length && digits[start] == '0') start++;
        int end = digits.Length;
        while (end > start && digits[end - 1] == '0') end--;

        if (start == end) return new SchemaNumber(false, string.Empty, 0);

        return new SchemaNumber(negative, digits.ToString(start, end - start), integerDigits + exponent - start);
    }

    /// <summary>
    /// The value as a long when it is a non-negative integer (saturating at
    /// <see cref="long.MaxValue"/>); false for negative or fractional values.
    /// </summary>
    public bool TryGetNonNegativeInteger(out long value)
    {
        value = 0;
        if (!IsInteger || (Negative && !IsZero)) return false;
        if (IsZero) return true;
        if (PointPosition > 18)
        {
            value = long.MaxValue;
            return true;
        }

        foreach (char c in Digits) value = (value * 10) + (c - '0');
        for (long k = Digits.Length; k < PointPosition; k++) value *= 10;
        return true;
    }

    public int CompareTo(SchemaNumber other)
    {
        int sign = Sign;
        int otherSign = other.Sign;
        if (sign != otherSign) return sign.CompareTo(otherSign);
        if (sign == 0) return 0;

        int magnitude = PointPosition != other.PointPosition
            ? PointPosition.CompareTo(other.PointPosition)
            : Math.Sign(string.CompareOrdinal(Digits, other.Digits));
        return sign > 0 ? magnitude : -magnitude;
    }

    public bool Equals(SchemaNumber other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is SchemaNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Negative, Digits, PointPosition);

    private int Sign => IsZero ? 0 : Negative ? -1 : 1;
}
