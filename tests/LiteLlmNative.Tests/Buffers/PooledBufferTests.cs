using System;
using System.Runtime.InteropServices;
using LiteLlmNative.Transport;
using Xunit;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Buffers;

/// <summary>The buffer that holds bodies and documents: pooled arrays while small, native memory once large.</summary>
public sealed unsafe class PooledBufferTests
{
    private static void Fill(PooledBuffer buffer, int count, int seed)
    {
        for (int i = 0; i < count; i++)
        {
            var span = buffer.GetSpan(1);
            span[0] = (byte)((i * 31 + seed) & 0xFF);
            buffer.Advance(1);
        }
    }

    private static void AssertFilled(ReadOnlySpan<byte> bytes, int count, int seed)
    {
        Assert.Equal(count, bytes.Length);
        for (int i = 0; i < count; i++)
        {
            if (bytes[i] != (byte)((i * 31 + seed) & 0xFF)) Assert.Fail($"byte {i} is {bytes[i]}");
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1 << 20)]          // the last pooled size
    [InlineData((1 << 20) + 1)]    // the first native one
    [InlineData(5_000_000)]        // grown natively several times
    public void Contents_survive_every_growth(int count)
    {
        using var buffer = new PooledBuffer(16);
        Fill(buffer, count, 7);
        AssertFilled(buffer.WrittenSpan, count, 7);
        AssertFilled(buffer.WrittenMemory.Span, count, 7);
    }

    [Fact]
    public void Memory_handed_out_stays_valid_when_native_storage_is_reallocated()
    {
        using var buffer = new PooledBuffer(16);
        Fill(buffer, 2_000_000, 3);
        ReadOnlyMemory<byte> before = buffer.WrittenMemory;
        Fill(buffer, 8_000_000, 5); // several reallocations: the block may move
        AssertFilled(before.Span, 2_000_000, 3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(3_000_000)]
    public void A_detached_document_is_nul_terminated_and_owned_by_the_caller(int count)
    {
        var buffer = new PooledBuffer(count == 0 ? 0 : 256);
        Fill(buffer, count, 9);
        byte* p = buffer.DetachNulTerminated();
        try
        {
            Assert.Equal(0, buffer.Length);
            AssertFilled(new ReadOnlySpan<byte>(p, count), count, 9);
            Assert.Equal(0, p[count]);
            buffer.Dispose(); // the detached memory is no longer the buffer's
            AssertFilled(new ReadOnlySpan<byte>(p, count), count, 9);
        }
        finally
        {
            NativeMemory.Free(p);
        }
    }
}
