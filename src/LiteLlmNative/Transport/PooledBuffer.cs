using System;
using System.Buffers;

namespace LiteLlmNative.Transport;

/// <summary>A growable byte buffer rented from the shared pool; return it with Dispose.</summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    // Arrays above this size are allocated and dropped rather than pooled: the shared pool
    // keeps what it is given, and a few huge answers must not pin hundreds of MiB for good.
    private const int PooledLimit = 1 << 20;

    private byte[] _array;
    private int _length;

    private readonly long _maxCapacity;

    /// <param name="maxCapacity">Growth never allocates beyond this (a reader refusing more than
    /// N bytes needs N + 1 at most, not the next power of two).</param>
    /// <param name="initialCapacity">0: nothing is rented until the first write (a buffer
    /// that lives as long as a call in flight, of which there may be thousands).</param>
    public PooledBuffer(int initialCapacity = 4096, long maxCapacity = 0x7FFFFFC7)
    {
        _maxCapacity = Math.Min(maxCapacity, Array.MaxLength);
        _array = initialCapacity == 0 ? Array.Empty<byte>() : Rent((int)Math.Min(Math.Max(initialCapacity, 256), _maxCapacity));
    }

    public int Length => _length;
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_length);
    }

    public void Clear() => _length = 0;

    private void Ensure(int sizeHint)
    {
        int need = Math.Max(sizeHint, 1);
        if (_array.Length - _length >= need) return;
        long wanted = Math.Max(Math.Max((long)_array.Length * 2, 256), (long)_length + need);
        int size = (int)Math.Min(wanted, Math.Max(_maxCapacity, (long)_length + need));
        if (size - _length < need) throw new OutOfMemoryException("buffer would exceed the largest array");
        byte[] next = Rent(size);
        _array.AsSpan(0, _length).CopyTo(next);
        Return(_array);
        _array = next;
    }

    public void Dispose()
    {
        byte[] array = _array;
        _array = Array.Empty<byte>();
        _length = 0;
        Return(array);
    }

    private static byte[] Rent(int size) => size <= PooledLimit ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];

    private static void Return(byte[] array)
    {
        if (array.Length > 0 && array.Length <= PooledLimit) ArrayPool<byte>.Shared.Return(array);
    }
}
