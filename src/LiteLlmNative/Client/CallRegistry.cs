using System.Collections.Concurrent;
using System.Threading;

namespace LiteLlmNative.Client;

/// <summary>
/// Host handles (<c>litellm_call*</c>) of asynchronous calls: never-reused numbers, not
/// addresses, so a stale or doubly freed handle finds nothing instead of touching freed memory.
/// </summary>
internal sealed class CallRegistry
{
    public static readonly CallRegistry Shared = new();

    private readonly ConcurrentDictionary<nint, AsyncCall> _live = new();
    private long _last = 0x1000;

    /// <summary>Gives the call a handle; it lasts until the call has ended and been released.</summary>
    public nint Add(AsyncCall call)
    {
        // Multiples of 16 look like aligned pointers to tools that inspect them.
        nint handle = (nint)(Interlocked.Increment(ref _last) << 4);
        call.Registry = this;
        call.Handle = handle;
        _live[handle] = call;
        return handle;
    }

    public AsyncCall? Find(nint handle) => handle != 0 && _live.TryGetValue(handle, out var call) ? call : null;

    /// <summary>The host is done with the handle; it goes now if the call has ended, else when it ends.</summary>
    public void Release(nint handle)
    {
        if (Find(handle) is { } call && call.Release()) Remove(handle);
    }

    public void Remove(nint handle)
    {
        if (handle != 0) _live.TryRemove(handle, out _);
    }
}
