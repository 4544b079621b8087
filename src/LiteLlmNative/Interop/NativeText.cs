using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Interop;

/// <summary>Pointers ⇄ spans for the exports: NUL-terminated inputs, malloc'd outputs.</summary>
internal static unsafe class NativeText
{
    /// <summary>Larger inputs are refused before they are parsed (a request is not a data channel).</summary>
    public const int MaxInputBytes = 64 * 1024 * 1024;

    /// <summary>The bytes of a NUL-terminated input, or an error naming the parameter.</summary>
    public static ReadOnlySpan<byte> Read(byte* p, string parameter)
    {
        if (p == null) throw LiteLlmException.InvalidArgument($"{parameter}: must not be NULL");
        // strlen semantics: the runtime's search aligns its reads so that it never touches
        // memory past the terminator's page (a span over "the next 64 MiB" would, and can fault).
        var span = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p);
        if (span.Length > MaxInputBytes)
        {
            throw LiteLlmException.InvalidArgument($"{parameter}: larger than {MaxInputBytes} bytes");
        }
        return span;
    }

    // Every string handed out and not yet freed. litellm_free releases only these, so a
    // double free or a pointer the library never returned is ignored instead of corrupting
    // the host's heap.
    // (Values unused: object, so the generic code is shared with the handle tables'.)
    private static readonly ConcurrentDictionary<nint, object?> Live = new();

    /// <summary>
    /// <paramref name="document"/>'s text as a NUL-terminated string released by
    /// <c>litellm_free</c>: a large one is handed over where it lies, not copied (a copy would
    /// double the memory an answer near max_response_bytes needs).
    /// </summary>
    public static byte* Take(PooledBuffer document)
    {
        byte* p = document.DetachNulTerminated();
        Live.TryAdd((nint)p, null);
        return p;
    }

    /// <summary>Frees a string from <see cref="Take"/>; anything else (NULL, freed, foreign) is ignored.</summary>
    public static void Free(byte* p)
    {
        if (p != null && Live.TryRemove((nint)p, out _)) NativeMemory.Free(p);
    }
}
