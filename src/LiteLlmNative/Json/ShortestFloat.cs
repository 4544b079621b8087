using System;
using System.Globalization;

namespace LiteLlmNative.Json;

/// <summary>
/// Formats a 32-bit float as the shortest decimal text that reads back as exactly that float,
/// byte for byte what the runtime's own formatting writes (<c>0.012345678</c>, <c>1E-05</c>,
/// <c>3.4028235E+38</c>), about three times faster: the text of a batch of embedding vectors is
/// millions of floats, and formatting them was most of an embeddings call.
///
/// How: for k = 9 significant digits down to 1 (9 always suffice for a float, and a k that
/// works makes k + 1 work too), take the two k-digit decimals around the float, computed in
/// double arithmetic, and keep the nearer one that lies inside the float's rounding interval.
/// Each such step is off from the exact value by a few parts in 10^16, far below the interval's
/// width (a part in 10^7 or more); when a decimal falls so close to an interval's edge, or two
/// so close to each other, that this error could decide, the float goes to the runtime's exact
/// formatter instead. So every answer is exact, and the fast path almost always answers.
/// </summary>
internal static class ShortestFloat
{
    /// <summary>The most bytes a float can take: "-1.2345678E-38".</summary>
    public const int MaxLength = 16;

    private const int MinPower = -64, MaxPower = 64;

    // The doubles nearest 10^MinPower .. 10^MaxPower (the compiler rounds each literal
    // correctly). As constant data the table needs no initialisation check where it is read.
    private static readonly double[] Powers =
    [
        1e-64, 1e-63, 1e-62, 1e-61, 1e-60, 1e-59, 1e-58, 1e-57, 1e-56, 1e-55, 1e-54, 1e-53, 1e-52,
        1e-51, 1e-50, 1e-49, 1e-48, 1e-47, 1e-46, 1e-45, 1e-44, 1e-43, 1e-42, 1e-41, 1e-40, 1e-39,
        1e-38, 1e-37, 1e-36, 1e-35, 1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26,
        1e-25, 1e-24, 1e-23, 1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13,
        1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3,
        1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36,
        1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52,
        1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59, 1e60, 1e61, 1e62, 1e63, 1e64,
    ];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double Pow10(int p) => Powers[p - MinPower];

    // Relative error of a value computed with one rounded power of ten and one multiplication,
    // with room to spare (the bound is 2 * 2^-53, about 2.2e-16). Ten times it, relative to x,
    // is still a millionth of the narrowest rounding interval's width relative to x (2^-25).
    private const double Slack = 1e-15;

    /// <summary>Writes <paramref name="value"/> (finite) into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns the length.</summary>
    public static int Format(float value, Span<byte> destination)
    {
        if (!float.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "not a finite float");
        int at = 0;
        if (float.IsNegative(value))
        {
            destination[at++] = (byte)'-';
            value = -value;
        }
        if (value == 0)
        {
            destination[at++] = (byte)'0';
            return at;
        }
        if (!TryDigits(value, out long digits, out int exponent))
        {
            // Too close to call in double arithmetic: the runtime's exact formatter decides.
            value.TryFormat(destination[at..], out int written, default, CultureInfo.InvariantCulture);
            return at + written;
        }
        return at + Write(digits, exponent, destination[at..]);
    }

    /// <summary>The shortest digits of x (positive, finite) that read back as x: x ≈ digits × 10^exponent; false when uncertain.</summary>
    private static bool TryDigits(float x, out long digits, out int exponent)
    {
        double v = x;
        // The rounding interval: halfway to each neighbour (exact in double: a float's
        // neighbours and their sums have far fewer than 53 significant bits).
        int bits = BitConverter.SingleToInt32Bits(x);
        double below = BitConverter.Int32BitsToSingle(bits - 1);
        double above = x == float.MaxValue ? v + (v - below) : BitConverter.Int32BitsToSingle(bits + 1);
        double low = (v + below) / 2, high = (v + above) / 2;
        // The error bound of a candidate's value, for every candidate of every k (they are
        // within a factor of 10 of x).
        double margin = v * (10 * Slack);

        // The decimal exponent of x's first digit, 10^e <= x < 10^(e+1), from its binary one
        // (78913 / 2^18 is log10(2) from below), then corrected against the powers of ten.
        int binary = (int)((BitConverter.DoubleToInt64Bits(v) >> 52) & 0x7FF) - 1023;
        int e = (binary * 78913) >> 18;
        while (Pow10(e) > v) e--;
        while (Pow10(e + 1) <= v) e++;

        // Eight digits first: the shortest form of most floats has eight or nine.
        Verdict eight = Nearest(v, low, high, margin, 7 - e, out long c);
        if (eight == Verdict.Uncertain) goto Uncertain;
        if (eight == Verdict.Outside)
        {
            if (Nearest(v, low, high, margin, 8 - e, out c) != Verdict.Inside) goto Uncertain; // nine digits always suffice
            digits = c;
            exponent = e - 8;
            return true;
        }
        digits = c;
        exponent = e - 7;
        for (int k = 7; k >= 1; k--)
        {
            Verdict fewer = Nearest(v, low, high, margin, k - 1 - e, out c);
            if (fewer == Verdict.Uncertain) goto Uncertain;
            if (fewer == Verdict.Outside) return true;
            digits = c;
            exponent = e - k + 1;
        }
        return true;

    Uncertain:
        digits = 0;
        exponent = 0;
        return false;
    }

    private enum Verdict { Inside, Outside, Uncertain }

    /// <summary>
    /// Of the integers around v × 10^p (the k-digit decimals nearest v), the one nearest v whose
    /// value × 10^-p lies strictly inside (low, high): Inside with it, Outside when there is
    /// none, Uncertain when the double arithmetic cannot tell (a decimal on or at an edge, or
    /// two equally near). <paramref name="margin"/> bounds the error of a computed value.
    /// </summary>
    private static Verdict Nearest(double v, double low, double high, double margin, int p, out long best)
    {
        best = 0;
        double scaled = v * Pow10(p);
        double floor = (long)scaled, fraction = scaled - floor; // positive and below 10^10: truncation is floor
        double scale = Pow10(-p);
        if (fraction < 1e-6 || fraction > 1 - 1e-6 || Math.Abs(fraction - 0.5) < 1e-6)
        {
            return Careful(v, low, high, margin, floor, scale, out best);
        }
        // The nearer of the two neighbours first: inside, it is the answer; outside, the other
        // one (farther, on the other side of v, where the interval may reach further) may be.
        double near = fraction < 0.5 ? floor : floor + 1, far = fraction < 0.5 ? floor + 1 : floor;
        Verdict first = Where(near * scale, low, high, margin);
        if (first == Verdict.Inside)
        {
            best = (long)near;
            return Verdict.Inside;
        }
        if (first == Verdict.Uncertain || far <= 0) return first == Verdict.Uncertain ? Verdict.Uncertain : Verdict.Outside;
        Verdict second = Where(far * scale, low, high, margin);
        if (second == Verdict.Inside) best = (long)far;
        return second;
    }

    /// <summary>Whether a decimal's computed value is certainly inside (low, high), certainly outside, or too near an edge to tell.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Verdict Where(double value, double low, double high, double margin)
    {
        if (value > low + margin && value < high - margin) return Verdict.Inside;
        if (value <= low - margin || value >= high + margin) return Verdict.Outside;
        return Verdict.Uncertain;
    }

    /// <summary>
    /// <see cref="Nearest"/> when v × 10^p is nearly an integer or nearly halfway between two,
    /// where the rounded product may be on the wrong side: every integer that may be the
    /// neighbour below or above, each judged, the nearest inside kept unless two tie.
    /// </summary>
    private static Verdict Careful(double v, double low, double high, double margin, double floor, double scale, out long best)
    {
        best = 0;
        double bestDistance = double.PositiveInfinity, nextDistance = double.PositiveInfinity;
        for (double c = floor - 1; c <= floor + 2; c++)
        {
            if (c <= 0) continue;
            double value = c * scale;
            Verdict verdict = Where(value, low, high, margin);
            if (verdict == Verdict.Uncertain) return Verdict.Uncertain;
            if (verdict == Verdict.Outside) continue;
            double distance = Math.Abs(value - v);
            if (distance < bestDistance)
            {
                nextDistance = bestDistance;
                bestDistance = distance;
                best = (long)c;
            }
            else if (distance < nextDistance)
            {
                nextDistance = distance;
            }
        }
        if (best == 0) return Verdict.Outside;
        return nextDistance - bestDistance <= 4 * margin ? Verdict.Uncertain : Verdict.Inside;
    }

    /// <summary>digits × 10^exponent as the runtime writes a float: fixed for 10^-5 &lt; x &lt; 10^9, else d.dddE±XX.</summary>
    private static int Write(long value, int exponent, Span<byte> destination)
    {
        uint digits = (uint)value; // at most ten digits
        while (digits % 10 == 0)
        {
            digits /= 10;
            exponent++;
        }
        int count = digits >= 100_000_000 ? (digits >= 1_000_000_000 ? 10 : 9) : CountDigits(digits);
        int first = exponent + count - 1; // the decimal exponent of the first digit
        if (first > -5 && first < 9)
        {
            if (exponent >= 0)
            {
                // An integer: the digits, then zeros.
                WriteDigits(digits, destination[..count]);
                destination.Slice(count, exponent).Fill((byte)'0');
                return count + exponent;
            }
            if (first >= 0)
            {
                // d.ddd: the digits with a point after the first first + 1.
                int whole = first + 1;
                WriteDigits(digits, destination[..count]);
                destination.Slice(whole, count - whole).CopyTo(destination[(whole + 1)..]);
                destination[whole] = (byte)'.';
                return count + 1;
            }
            // 0.000ddd
            int zeros = -first - 1;
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            destination.Slice(2, zeros).Fill((byte)'0');
            WriteDigits(digits, destination.Slice(2 + zeros, count));
            return 2 + zeros + count;
        }
        // d.dddE±XX
        WriteDigits(digits, destination.Slice(1, count));
        destination[0] = destination[1];
        int at = 1;
        if (count > 1)
        {
            destination[1] = (byte)'.';
            at = count + 1;
        }
        destination[at++] = (byte)'E';
        destination[at++] = first < 0 ? (byte)'-' : (byte)'+';
        int magnitude = Math.Abs(first);
        destination[at++] = (byte)('0' + magnitude / 10);
        destination[at++] = (byte)('0' + magnitude % 10);
        return at;
    }

    private static int CountDigits(uint value)
    {
        int count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }
        return count;
    }

    /// <summary>The decimal digits of <paramref name="value"/>, filling <paramref name="into"/> from the right.</summary>
    private static void WriteDigits(uint value, Span<byte> into)
    {
        for (int i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
    }
}
