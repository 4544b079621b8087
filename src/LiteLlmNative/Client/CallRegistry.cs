namespace LiteLlmNative.Client;

/// <summary>
/// Host handles (<c>litellm_call*</c>) of asynchronous calls. A handle lasts until its call has
/// ended and been released, in either order.
/// </summary>
internal sealed class CallRegistry
{
    public static readonly CallRegistry Shared = new();

    private readonly HandleTable<AsyncCall> _calls = new();

    public nint Add(AsyncCall call)
    {
        call.Registry = this;
        call.Handle = _calls.Add(call);
        return call.Handle;
    }

    public AsyncCall? Find(nint handle) => _calls.Find(handle);

    /// <summary>The host is done with the handle; it goes now if the call has ended, else when it ends.</summary>
    public void Release(nint handle)
    {
        if (Find(handle) is { } call && call.Release()) Remove(handle);
    }

    public void Remove(nint handle) => _calls.Remove(handle);
}
