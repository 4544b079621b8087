using System;
using LiteLlmNative.Transport;

namespace LiteLlmNative.Interop;

/// <summary>Calls a host's <c>litellm_stream_fn</c> with each event as a NUL-terminated string.</summary>
internal sealed unsafe class NativeStreamCallback : IDisposable
{
    private readonly delegate* unmanaged<void*, byte*, int> _fn;
    private readonly void* _userData;
    private readonly PooledBuffer _text = new(1024);

    public NativeStreamCallback(delegate* unmanaged<void*, byte*, int> fn, void* userData)
    {
        _fn = fn;
        _userData = userData;
    }

    /// <summary>True to go on; the host returns non-zero to stop.</summary>
    public bool Invoke(ReadOnlySpan<byte> eventJson)
    {
        _text.Clear();
        var span = _text.GetSpan(eventJson.Length + 1);
        eventJson.CopyTo(span);
        span[eventJson.Length] = 0;
        _text.Advance(eventJson.Length + 1);
        // The pooled array is pinned only for the duration of the call: the host may not keep it.
        fixed (byte* p = _text.WrittenSpan)
        {
            return _fn(_userData, p) == 0;
        }
    }

    public void Dispose() => _text.Dispose();
}
