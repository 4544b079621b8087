using System;
using System.Threading;

namespace LiteLlmNative.Client;

/// <summary>
/// The client used when a host passes NULL: built once, on first use, from the environment
/// (docs/abi.md#threads-and-processes). A failed build is not cached, so fixing the environment and retrying works.
/// </summary>
internal static class DefaultClient
{
    private static readonly object Gate = new();
    private static LiteLlmClient? _instance;

    /// <summary>The default client if it has been built; cancelling needs no new one.</summary>
    public static LiteLlmClient? Existing => Volatile.Read(ref _instance);

    public static LiteLlmClient Get()
    {
        if (Volatile.Read(ref _instance) is { } existing) return existing;
        lock (Gate)
        {
            return _instance ??= new LiteLlmClient(ClientSettingsFactory.Create(null, Environment.GetEnvironmentVariable));
        }
    }
}
