using System.Collections.Concurrent;
using System.Threading;
using LiteLlmNative.Client;

namespace LiteLlmNative.Interop;

/// <summary>
/// Opaque <c>litellm_client*</c> values. A handle is a never-reused number, not an address: a
/// double free or a call on a freed client finds nothing and fails cleanly instead of touching
/// freed memory.
/// </summary>
internal static class ClientHandles
{
    private static readonly ConcurrentDictionary<nint, LiteLlmClient> Live = new();
    private static long _last = 0x1000;

    public static nint Add(LiteLlmClient client)
    {
        // Multiples of 16 look like aligned pointers to tools that inspect them.
        nint handle = (nint)(Interlocked.Increment(ref _last) << 4);
        Live[handle] = client;
        return handle;
    }

    /// <summary>The client for a handle; NULL (0) means the process-wide default client.</summary>
    public static LiteLlmClient? Resolve(nint handle)
    {
        if (handle == 0) return null;
        return Live.TryGetValue(handle, out var client)
            ? client
            : throw LiteLlmException.InvalidArgument("client: not a live litellm_client handle (already freed?)");
    }

    public static LiteLlmClient? Remove(nint handle) =>
        handle != 0 && Live.TryRemove(handle, out var client) ? client : null;
}
