using System;
using System.Globalization;
using System.Text;
using LiteLlmNative.Json;

namespace LiteLlmNative.Tests.Endpoints;

/// <summary>
/// The float formatter of the embeddings document writes exactly what the runtime's own
/// formatting writes (its shortest text that reads back as the same float), for every kind
/// of float: random bit patterns, the neighbourhoods of powers of ten and of two, subnormals,
/// short decimals, the extremes.
/// </summary>
public sealed class ShortestFloatTests
{
    private static void AssertSameAsRuntime(float f)
    {
        Span<byte> ours = stackalloc byte[ShortestFloat.MaxLength];
        Span<byte> theirs = stackalloc byte[64];
        int n = ShortestFloat.Format(f, ours);
        f.TryFormat(theirs, out int m, default, CultureInfo.InvariantCulture);
        if (!ours[..n].SequenceEqual(theirs[..m]))
        {
            Assert.Fail($"0x{BitConverter.SingleToInt32Bits(f):X8}: wrote {Encoding.ASCII.GetString(ours[..n])}, the runtime {Encoding.ASCII.GetString(theirs[..m])}");
        }
        float back = float.Parse(Encoding.ASCII.GetString(ours[..n]), CultureInfo.InvariantCulture);
        Assert.Equal(BitConverter.SingleToInt32Bits(f), BitConverter.SingleToInt32Bits(back));
    }

    [Fact]
    public void The_extremes_and_plain_values()
    {
        float[] values = [0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1.17549435e-38f, 1.1754942e-38f,
            1f, -1f, 0.1f, 0.25f, 1.5f, 100f, 1e8f, 1e9f, 123456789f, 16777216f, 16777218f, 1e-4f, 1e-5f, 0.00012345f, 2.5e-5f,
            3.4028233e38f, 1e38f, 1e-38f, 1e-45f, 9.999999e8f, 9.9999999e-5f, 0.001f, 7e-45f];
        foreach (float f in values) AssertSameAsRuntime(f);
    }

    [Fact]
    public void Random_bit_patterns()
    {
        var rng = new Random(20261201);
        for (int i = 0; i < 1_500_000; i++)
        {
            float f = BitConverter.Int32BitsToSingle(rng.Next() ^ (rng.Next(2) << 31));
            if (float.IsFinite(f)) AssertSameAsRuntime(f);
        }
    }

    [Fact]
    public void Embedding_like_values()
    {
        var rng = new Random(5);
        for (int i = 0; i < 500_000; i++) AssertSameAsRuntime((float)((rng.NextDouble() * 2 - 1) * 0.1));
    }

    [Fact]
    public void Around_every_power_of_ten_and_of_two()
    {
        for (int p = -45; p <= 38; p++)
        {
            int bits = BitConverter.SingleToInt32Bits((float)Math.Pow(10, p));
            for (int d = -300; d <= 300; d++) Check(bits + d);
        }
        for (int exponent = 1; exponent < 255; exponent++)
        {
            for (int d = -40; d <= 40; d++) Check((exponent << 23) + d);
        }

        static void Check(int bits)
        {
            float f = BitConverter.Int32BitsToSingle(bits);
            if (float.IsFinite(f)) AssertSameAsRuntime(f);
        }
    }

    [Fact]
    public void Subnormals_and_short_decimals()
    {
        for (int bits = 1; bits < 0x00800000; bits += 997) AssertSameAsRuntime(BitConverter.Int32BitsToSingle(bits));
        var rng = new Random(11);
        for (int i = 0; i < 200_000; i++)
        {
            // A decimal of 1 to 8 digits at any scale: the floats whose shortest form is short.
            string text = rng.Next(1, 100_000_000).ToString(CultureInfo.InvariantCulture) + "e" + rng.Next(-50, 39).ToString(CultureInfo.InvariantCulture);
            float f = float.Parse(text, CultureInfo.InvariantCulture);
            if (float.IsFinite(f)) AssertSameAsRuntime(f);
        }
    }
}
