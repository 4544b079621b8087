using System;
using System.Buffers;

namespace LiteLlmNative.Buffers;

/// <summary>
/// A growable byte buffer: an array rented from the shared pool while small, a
/// <see cref="NativeBlock"/> once large. Return it with Dispose.
/// </summary>
internal sealed unsafe class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    // Above this a buffer leaves the pool for native memory: the shared pool keeps what it is
    // given, so a few huge answers would pin hundreds of MiB for good, and garbage arrays of
    // that size stay resident until the next collection (per call in flight).
    private const int PooledLimit = 1 << 20;

    private byte[] _array;
    private NativeBlock? _native; // when set, the contents live there and _array is empty
    private int _length;

    private readonly long _maxCapacity;

    /// <param name="maxCapacity">Growth never allocates beyond this (a reader refusing more than
    /// N bytes needs N + 1 at most, not the next power of two).</param>
    /// <param name="initialCapacity">0: nothing is rented until the first write (a buffer
    /// that lives as long as a call in flight, of which there may be thousands).</param>
    public PooledBuffer(int initialCapacity = 4096, long maxCapacity = 0x7FFFFFC7)
    {
        _maxCapacity = Math.Min(maxCapacity, Array.MaxLength);
        _array = Array.Empty<byte>();
        if (initialCapacity != 0) Allocate((int)Math.Min(Math.Max(initialCapacity, 256), _maxCapacity));
    }

    public int Length => _length;

    private int Capacity => _native?.Capacity ?? _array.Length;

    private Span<byte> All => _native is { } block ? new Span<byte>(block.Pointer, block.Capacity) : _array;

    public ReadOnlySpan<byte> WrittenSpan => All[.._length];

    public ReadOnlyMemory<byte> WrittenMemory => _native is { } block ? block.Memory[.._length] : _array.AsMemory(0, _length);

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _native is { } block ? block.Memory[_length..] : _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return All[_length..];
    }

    public void Clear() => _length = 0;

    /// <summary>
    /// Makes room for <paramref name="bytes"/> more at once (for a document whose size is known
    /// roughly beforehand): one block of that size instead of a doubling series, whose freed
    /// steps malloc may keep resident. Only what is written is touched.
    /// </summary>
    public void Reserve(long bytes)
    {
        long size = Math.Min((long)_length + bytes, _maxCapacity);
        if (size > Capacity) Allocate((int)size);
    }

    /// <summary>
    /// The contents, NUL-terminated, as memory the caller now owns and frees with
    /// <see cref="System.Runtime.InteropServices.NativeMemory.Free"/>: no copy when they are
    /// already native, else one. The buffer is empty after.
    /// </summary>
    public byte* DetachNulTerminated()
    {
        GetSpan(1)[0] = 0;
        int length = _length + 1; // the NUL goes with the text
        _length = 0;
        if (_native is not { } block)
        {
            // A small one (every document of every call): one copy, no block object.
            byte* copy = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)length);
            _array.AsSpan(0, length).CopyTo(new Span<byte>(copy, length));
            return copy;
        }
        if (block.Capacity - length > 1 << 16) block.Resize(length); // give back the slack
        _native = null;
        return block.Detach();
    }

    private void Ensure(int sizeHint)
    {
        int need = Math.Max(sizeHint, 1);
        if (Capacity - _length >= need) return;
        long wanted = Math.Max(Math.Max((long)Capacity * 2, 256), (long)_length + need);
        int size = (int)Math.Min(wanted, Math.Max(_maxCapacity, (long)_length + need));
        if (size - _length < need) throw new OutOfMemoryException("buffer would exceed the largest array");
        Allocate(size);
    }

    /// <summary>Moves the contents into storage of <paramref name="size"/> bytes.</summary>
    private void Allocate(int size)
    {
        if (_native is { } block)
        {
            block.Resize(size);
            return;
        }
        if (size <= PooledLimit)
        {
            byte[] next = ArrayPool<byte>.Shared.Rent(size);
            _array.AsSpan(0, _length).CopyTo(next);
            ReturnArray();
            _array = next;
            return;
        }
        var fresh = new NativeBlock(size);
        _array.AsSpan(0, _length).CopyTo(new Span<byte>(fresh.Pointer, size));
        ReturnArray();
        _native = fresh;
    }

    public void Dispose()
    {
        ReturnArray();
        ((IDisposable?)_native)?.Dispose();
        _native = null;
        _length = 0;
    }

    private void ReturnArray()
    {
        byte[] array = _array;
        _array = Array.Empty<byte>();
        if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
    }
}
