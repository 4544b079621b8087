using System;
using System.Buffers;

namespace LiteLlmNative.Interop;

/// <summary>Calls a host's <c>litellm_stream_fn</c> with each event as a NUL-terminated string.</summary>
internal sealed unsafe class NativeStreamCallback
{
    private readonly delegate* unmanaged<void*, byte*, int> _fn;
    private readonly void* _userData;

    public NativeStreamCallback(delegate* unmanaged<void*, byte*, int> fn, void* userData)
    {
        _fn = fn;
        _userData = userData;
    }

    /// <summary>True to go on; the host returns non-zero to stop.</summary>
    public bool Invoke(ReadOnlySpan<byte> eventJson)
    {
        // Rented per event, not per call: thousands of streams waiting hold no event buffers.
        byte[] text = ArrayPool<byte>.Shared.Rent(eventJson.Length + 1);
        try
        {
            eventJson.CopyTo(text);
            text[eventJson.Length] = 0;
            // Pinned only for the duration of the call: the host may not keep it.
            fixed (byte* p = text)
            {
                return _fn(_userData, p) == 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
    }
}
