using System;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// The vectors of one embeddings answer: <see cref="Count"/> rows of <see cref="Dimensions"/>
/// floats in one block of native memory, in input order. A batch of 2,048 vectors of 1,536
/// floats is 12 MiB: as one malloc'd block it goes back to the system the moment the document
/// is written (an array would stay resident until a full collection), and no row is a string
/// or an object of its own.
/// </summary>
[JsonConverter(typeof(EmbeddingMatrixConverter))]
internal sealed unsafe class EmbeddingMatrix : IDisposable
{
    private float* _values;

    private EmbeddingMatrix(int count, int dimensions)
    {
        Count = count;
        Dimensions = dimensions;
        long total = (long)count * dimensions;
        _values = total == 0 ? null : (float*)NativeMemory.Alloc((nuint)total, sizeof(float));
    }

    /// <summary>No vectors (a document not yet filled in).</summary>
    public static EmbeddingMatrix Empty => new(0, 0);

    /// <summary>Room for <paramref name="count"/> vectors of <paramref name="dimensions"/> floats, not yet written.</summary>
    public static EmbeddingMatrix Allocate(int count, int dimensions)
    {
        if (count < 0 || dimensions < 0 || (long)count * dimensions > int.MaxValue)
        {
            throw LiteLlmException.Create(LiteLlmStatus.BadResponse,
                $"the answer's {count} vectors of {dimensions} values are more than this library holds");
        }
        return new EmbeddingMatrix(count, dimensions);
    }

    public int Count { get; }
    public int Dimensions { get; }

    /// <summary>Row <paramref name="index"/>, to read or to fill.</summary>
    public Span<float> Row(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        if (_values == null) throw new ObjectDisposedException(nameof(EmbeddingMatrix));
        return new Span<float>(_values + (long)index * Dimensions, Dimensions);
    }

    public void Dispose()
    {
        float* values = _values;
        _values = null;
        if (values != null) NativeMemory.Free(values);
    }
}
