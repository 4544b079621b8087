using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading;

namespace LiteLlmNative.Buffers;

/// <summary>
/// A block of malloc'd memory that grows with realloc, for buffers too large to pool. glibc
/// serves blocks this size with mmap, so growing remaps pages rather than copying them into a
/// second block (no peak of old + new), and freeing gives the pages back to the system at
/// once (garbage arrays would stay resident until a collection). The memory it hands out
/// refers to the block, not to an address, so it stays valid across a reallocation. No
/// finalizer (spans over the block do not keep it alive, so one could free memory in use): the
/// owner disposes it, as every <see cref="PooledBuffer"/> is disposed.
/// </summary>
internal sealed unsafe class NativeBlock : MemoryManager<byte>
{
    private nint _address; // a byte*, kept as nint so that releasing it can be one exchange
    private int _capacity;

    public NativeBlock(int capacity)
    {
        _address = (nint)NativeMemory.Alloc((nuint)capacity);
        _capacity = capacity;
    }

    public int Capacity => _capacity;

    public byte* Pointer => (byte*)_address;

    /// <summary>Grows (or shrinks) to <paramref name="capacity"/>, keeping the contents.</summary>
    public void Resize(int capacity)
    {
        _address = (nint)NativeMemory.Realloc((void*)_address, (nuint)capacity);
        _capacity = capacity;
    }

    /// <summary>Hands the memory over (to be freed with <see cref="NativeMemory.Free"/>); the block is empty after.</summary>
    public byte* Detach()
    {
        byte* p = (byte*)Interlocked.Exchange(ref _address, 0);
        _capacity = 0;
        return p;
    }

    public override Span<byte> GetSpan() => new((void*)_address, _capacity);

    public override MemoryHandle Pin(int elementIndex = 0) => new((byte*)_address + elementIndex); // native: never moves

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        nint p = Interlocked.Exchange(ref _address, 0);
        _capacity = 0;
        if (p != 0) NativeMemory.Free((void*)p);
    }
}
