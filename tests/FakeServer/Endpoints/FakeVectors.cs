using System;
using System.Text;

namespace LiteLlmNative.Testing;

/// <summary>
/// The vectors the fake answers with: deterministic for a text, each value a float with a full
/// mantissa (so a decoder that loses a bit shows it), in the range real embeddings have. Tests
/// compute the expected vectors with the same function.
/// </summary>
public static class FakeVectors
{
    /// <summary>The dimensions of a vector when the request names none (and the model is not <c>dims-N</c>).</summary>
    public const int DefaultDimensions = 16;

    public static float[] For(string text, int dimensions)
    {
        // FNV-1a of the text seeds an xorshift64 generator.
        ulong state = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            state = (state ^ b) * 1099511628211UL;
        }
        if (state == 0) state = 1;
        var vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            double unit = (state >> 11) * (1.0 / (1UL << 53)); // [0, 1)
            vector[i] = (float)((unit * 2 - 1) * 0.08);
        }
        return vector;
    }

    /// <summary>The vector as OpenAI's base64 form: its little-endian 32-bit floats.</summary>
    public static string Base64(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), vector[i]);
        }
        return Convert.ToBase64String(bytes);
    }
}
