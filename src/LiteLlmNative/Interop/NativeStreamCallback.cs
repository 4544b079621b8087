using System;

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
    /// <param name="eventJson">Followed in memory by a NUL (see <see cref="Provider.StreamEventHandler"/>):
    /// passed where it lies, as a done event is as large as the answer.</param>
    public bool Invoke(ReadOnlySpan<byte> eventJson)
    {
        // Pinned only for the duration of the call: the host may not keep it.
        fixed (byte* p = eventJson)
        {
            return _fn(_userData, p) == 0;
        }
    }
}
