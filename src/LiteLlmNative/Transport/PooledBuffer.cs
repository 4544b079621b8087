using System;
using System.Buffers;

namespace LiteLlmNative.Transport;

/// <summary>A growable byte buffer rented from the shared pool; return it with Dispose.</summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledBuffer(int initialCapacity = 4096) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

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
        long wanted = Math.Max((long)_array.Length * 2, (long)_length + need);
        int size = (int)Math.Min(wanted, Array.MaxLength);
        if (size - _length < need) throw new OutOfMemoryException("buffer would exceed the largest array");
        byte[] next = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, _length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_array);
        _array = next;
    }

    public void Dispose()
    {
        byte[] array = _array;
        _array = Array.Empty<byte>();
        _length = 0;
        if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
    }
}
