using System.Collections.Concurrent;
using System.Threading;

namespace LiteLlmNative.Client;

/// <summary>
/// Live objects behind host handles (<c>litellm_client*</c>, <c>litellm_call*</c>): never-reused
/// numbers, not addresses, so a stale or doubly freed handle finds nothing instead of touching
/// freed memory. One number sequence for every table, so a handle of one kind is never a live
/// handle of another.
/// </summary>
internal sealed class HandleTable<T> where T : class
{
    private readonly ConcurrentDictionary<nint, T> _live = new();

    public nint Add(T value)
    {
        nint handle = HandleNumbers.Next();
        _live[handle] = value;
        return handle;
    }

    public T? Find(nint handle) => handle != 0 && _live.TryGetValue(handle, out var value) ? value : null;

    public T? Remove(nint handle) => handle != 0 && _live.TryRemove(handle, out var value) ? value : null;

    /// <summary>A snapshot of the live objects.</summary>
    public System.Collections.Generic.ICollection<T> Values => _live.Values;
}

internal static class HandleNumbers
{
    private static long _last = 0x1000;

    // Multiples of 16 look like aligned pointers to tools that inspect them.
    public static nint Next() => (nint)(Interlocked.Increment(ref _last) << 4);
}
