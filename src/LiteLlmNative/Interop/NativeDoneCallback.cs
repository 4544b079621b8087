using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Interop;

/// <summary>Calls a host's <c>litellm_done_fn</c> with the call's status and NUL-terminated document.</summary>
internal sealed unsafe class NativeDoneCallback
{
    private readonly delegate* unmanaged<void*, int, byte*, void> _fn;
    private readonly void* _userData;

    public NativeDoneCallback(delegate* unmanaged<void*, int, byte*, void> fn, void* userData)
    {
        _fn = fn;
        _userData = userData;
    }

    public void Invoke(LiteLlmStatus status, PooledBuffer document)
    {
        document.GetSpan(1)[0] = 0;
        // Pinned only for the duration of the call: the host may not keep the pointer.
        fixed (byte* p = document.WrittenSpan)
        {
            _fn(_userData, (int)status, p);
        }
    }
}
