using System;
using System.Threading;

namespace LiteLlmNative.Client;

/// <summary>
/// Marks the thread while it runs a host callback (a stream event or a completion) of one of a
/// client's calls. Freeing that client from inside the callback then defers the close instead
/// of waiting for the very call that is running it, and cancelling that call takes effect at
/// once (before its next event) instead of on the pool.
/// </summary>
internal readonly struct CallbackScope : IDisposable
{
    [ThreadStatic] private static LiteLlmClient? t_client;
    [ThreadStatic] private static CancellationToken t_call;

    private readonly LiteLlmClient? _previousClient;
    private readonly CancellationToken _previousCall;

    private CallbackScope(LiteLlmClient? previousClient, CancellationToken previousCall)
    {
        _previousClient = previousClient;
        _previousCall = previousCall;
    }

    public static CallbackScope Enter(LiteLlmClient client, CancellationToken call)
    {
        var scope = new CallbackScope(t_client, t_call);
        t_client = client;
        t_call = call;
        return scope;
    }

    public static bool IsInside(LiteLlmClient client) => ReferenceEquals(t_client, client);

    /// <summary>Whether the thread is inside a callback of the call whose token this is.</summary>
    public static bool IsInsideCall(CancellationToken call) => t_client is not null && t_call.CanBeCanceled && t_call == call;

    public void Dispose()
    {
        t_client = _previousClient;
        t_call = _previousCall;
    }
}
