using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// Decodes one <c>embedding</c> value of an answer into a row of floats: a base64 string of
/// little-endian 32-bit floats (what <c>encoding_format: "base64"</c> returns) straight into the
/// row's bytes, or an array of numbers each parsed into its float; no string or array in
/// between. A value is given as its JSON text; every problem is a <see cref="VectorException"/>.
/// </summary>
internal static class VectorDecoder
{
    /// <summary>How many floats the value holds, without decoding them.</summary>
    public static int Length(ReadOnlySpan<byte> value)
    {
        var reader = Open(value);
        if (reader.TokenType == JsonTokenType.String)
        {
            byte[]? rented = null;
            try
            {
                return FloatCount(Base64Text(ref reader, ref rented));
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
        }
        int n = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number) throw NotANumber(n, reader.TokenType);
            n++;
        }
        return n;
    }

    /// <summary>Decodes the value into <paramref name="row"/>, whose length the value must have; every float must be finite.</summary>
    public static void Fill(ReadOnlySpan<byte> value, Span<float> row)
    {
        var reader = Open(value);
        if (reader.TokenType == JsonTokenType.String)
        {
            byte[]? rented = null;
            try
            {
                FillFromBase64(Base64Text(ref reader, ref rented), row);
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
        }
        else
        {
            FillFromNumbers(ref reader, row);
        }
        CheckFinite(row);
    }

    private static void FillFromBase64(ReadOnlySpan<byte> text, Span<float> row)
    {
        int count = FloatCount(text);
        if (count != row.Length) throw Mismatch(count, row.Length);
        var status = Base64.DecodeFromUtf8(text, MemoryMarshal.AsBytes(row), out _, out int written);
        if (status != OperationStatus.Done || written != row.Length * sizeof(float))
        {
            throw new VectorException("", "not valid base64");
        }
        if (!BitConverter.IsLittleEndian)
        {
            // The wire order is little-endian (numpy's, on every server there is).
            var words = MemoryMarshal.Cast<float, int>(row);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    private static void FillFromNumbers(ref Utf8JsonReader reader, Span<float> row)
    {
        int j = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number) throw NotANumber(j, reader.TokenType);
            if (j == row.Length)
            {
                int total = j;
                do total++; while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
                throw Mismatch(total, row.Length);
            }
            // The reader parses the digits straight to the nearest float (no double in between,
            // which could round twice).
            if (!reader.TryGetSingle(out float v) || !float.IsFinite(v))
            {
                throw new VectorException($"[{j}]", $"{System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} is outside the range of a 32-bit float");
            }
            row[j++] = v;
        }
        if (j != row.Length) throw Mismatch(j, row.Length);
    }

    private static void CheckFinite(ReadOnlySpan<float> row)
    {
        for (int j = 0; j < row.Length; j++)
        {
            if (!float.IsFinite(row[j]))
            {
                throw new VectorException($"[{j}]", $"{(float.IsNaN(row[j]) ? "NaN" : "an infinity")} is not a usable vector value");
            }
        }
    }

    private static Utf8JsonReader Open(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.StartArray))
        {
            throw new VectorException("", $"expected a base64 string or an array of numbers, got {Kind(reader.TokenType)}");
        }
        return reader;
    }

    /// <summary>The base64 text as sent; unescaped into a rented buffer when the server escaped it (<c>\/</c>).</summary>
    private static ReadOnlySpan<byte> Base64Text(ref Utf8JsonReader reader, ref byte[]? rented)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length); // unescaping never lengthens
        try
        {
            return rented.AsSpan(0, reader.CopyString(rented));
        }
        catch (InvalidOperationException)
        {
            throw new VectorException("", "not valid base64 (an escape that is no text)");
        }
    }

    /// <summary>The floats in padded base64 text, from its length alone.</summary>
    private static int FloatCount(ReadOnlySpan<byte> text)
    {
        if (text.Length == 0) throw new VectorException("", "empty: no values");
        if (text.Length % 4 != 0) throw new VectorException("", $"not valid base64 (its length {text.Length} is not a multiple of 4)");
        int padding = text[^1] == '=' ? (text[^2] == '=' ? 2 : 1) : 0;
        int bytes = text.Length / 4 * 3 - padding;
        if (bytes % sizeof(float) != 0)
        {
            throw new VectorException("", $"{bytes} bytes are not a whole number of 32-bit floats");
        }
        return bytes / sizeof(float);
    }

    private static VectorException Mismatch(int actual, int expected) =>
        new("", $"{actual} values, but the vectors before it have {expected}");

    private static VectorException NotANumber(int index, JsonTokenType type) =>
        new($"[{index}]", $"expected a number, got {Kind(type)}");

    private static string Kind(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => type.ToString(),
    };
}
