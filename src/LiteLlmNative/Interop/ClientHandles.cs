using LiteLlmNative.Client;

namespace LiteLlmNative.Interop;

/// <summary>Opaque <c>litellm_client*</c> values (see <see cref="HandleTable{T}"/>).</summary>
internal static class ClientHandles
{
    private static readonly HandleTable<LiteLlmClient> Live = new();

    public static nint Add(LiteLlmClient client) => Live.Add(client);

    /// <summary>The client for a handle; NULL (0) means the process-wide default client.</summary>
    public static LiteLlmClient? Resolve(nint handle)
    {
        if (handle == 0) return null;
        return Live.Find(handle)
            ?? throw LiteLlmException.InvalidArgument("client: not a live litellm_client handle (already freed?)");
    }

    public static LiteLlmClient? Remove(nint handle) => Live.Remove(handle);

    /// <summary>Cancels every call in flight on every client, the default one included.</summary>
    public static void CancelEverything()
    {
        foreach (var client in Live.Values) client.CancelAll();
        DefaultClient.Existing?.CancelAll();
    }
}
