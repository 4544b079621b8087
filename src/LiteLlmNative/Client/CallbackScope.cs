using System;

namespace LiteLlmNative.Client;

/// <summary>
/// Marks the thread while it runs a host callback (a stream event or a completion) of one of a
/// client's calls, so that freeing that client from inside the callback defers the close
/// instead of waiting for the very call that is running it.
/// </summary>
internal readonly struct CallbackScope : IDisposable
{
    [ThreadStatic] private static LiteLlmClient? t_client;

    private readonly LiteLlmClient? _previous;

    private CallbackScope(LiteLlmClient? previous) => _previous = previous;

    public static CallbackScope Enter(LiteLlmClient client)
    {
        var previous = t_client;
        t_client = client;
        return new CallbackScope(previous);
    }

    public static bool IsInside(LiteLlmClient client) => ReferenceEquals(t_client, client);

    public void Dispose() => t_client = _previous;
}
