using System;
using System.Runtime.InteropServices;
using System.Threading;
using LiteLlmNative.Client;

namespace LiteLlmNative.Cli;

/// <summary>
/// Turns SIGINT (Ctrl-C) and SIGTERM during one library call into <see cref="LiteLlmApi.Cancel"/>
/// of the call's request_id, so the call returns cancelled at once and the command can end its
/// output cleanly and exit 130 (SIGINT) or 143 (SIGTERM). A second signal while cancelling gets
/// the default action: the process dies. Outside the guard (reading input, printing the answer)
/// the signals keep their default action too.
/// </summary>
internal sealed class InterruptGuard : IDisposable
{
    private const int RepeatMs = 50;

    private readonly LiteLlmClient _client;
    private readonly string _requestId;
    private readonly object _gate = new();
    private PosixSignalRegistration? _sigint;
    private PosixSignalRegistration? _sigterm;
    private Timer? _repeat;
    private int _exitCode;
    private bool _disposed;

    private InterruptGuard(LiteLlmClient client, string requestId)
    {
        _client = client;
        _requestId = requestId;
    }

    /// <summary>Watches for SIGINT and SIGTERM until disposed.</summary>
    public static InterruptGuard Watch(LiteLlmClient client, string requestId)
    {
        var guard = new InterruptGuard(client, requestId);
        guard._sigint = TryRegister(PosixSignal.SIGINT, ctx => guard.OnSignal(ctx, ExitCodes.Interrupted));
        guard._sigterm = TryRegister(PosixSignal.SIGTERM, ctx => guard.OnSignal(ctx, ExitCodes.Terminated));
        return guard;
    }

    /// <summary>130 or 143 once a signal has asked to cancel the call; null otherwise.</summary>
    public int? SignalExitCode
    {
        get
        {
            int code = Volatile.Read(ref _exitCode);
            return code == 0 ? null : code;
        }
    }

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) != 0)
        {
            // Already cancelling: a second Ctrl-C means "now".
            context.Cancel = false;
            return;
        }
        context.Cancel = true;
        Cancel();
        // The signal may come while the library is still reading the request, before the call
        // carries its id; the cancel is repeated until the call has returned.
        lock (_gate)
        {
            if (!_disposed) _repeat = new Timer(_ => Repeat(), null, RepeatMs, RepeatMs);
        }
    }

    private void Repeat()
    {
        lock (_gate)
        {
            if (_disposed) return;
        }
        Cancel();
    }

    /// <summary>
    /// The call by its request_id, and every other call of the client: the CLI's client makes one
    /// call at a time, and a call without a request_id (health) is reached this way too.
    /// </summary>
    private void Cancel()
    {
        LiteLlmApi.Cancel(_client, _requestId);
        _client.CancelAll();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _repeat?.Dispose();
        }
        _sigint?.Dispose();
        _sigterm?.Dispose();
    }

    private static PosixSignalRegistration? TryRegister(PosixSignal signal, Action<PosixSignalContext> handler)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, handler);
        }
        catch (Exception e) when (e is PlatformNotSupportedException or System.IO.IOException)
        {
            return null; // e.g. SIGTERM where the platform has no such signal: the default action stays
        }
    }
}

/// <summary>The request_id the CLI gives a call that carries none: <c>cli-&lt;pid&gt;-&lt;n&gt;</c>.</summary>
internal static class RequestIds
{
    private static int _counter;

    public static string Next() => $"cli-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
}
