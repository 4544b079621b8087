using System;
using System.Collections.Generic;
using System.Threading;
using LiteLlmNative.Executor;
using LiteLlmNative.Provider;
using LiteLlmNative.Transport;

namespace LiteLlmNative.Client;

/// <summary>
/// What a <c>litellm_client*</c> handle stands for: one connection pool and its services, plus
/// the bookkeeping that lets a call be cancelled by request id and lets Dispose wait for the
/// calls still running on other threads.
/// </summary>
internal sealed class LiteLlmClient : IDisposable
{
    private readonly HttpTransport _transport;
    private readonly CancellationTokenSource _closing = new();
    private readonly Dictionary<string, List<CancellationTokenSource>> _byRequestId = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _inFlight;
    private bool _disposed;

    public LiteLlmClient(TransportSettings settings)
    {
        _transport = new HttpTransport(settings);
        Provider = new ChatProvider(_transport);
        Streamer = new ChatStreamer(_transport);
        Runner = new Runner(Provider, _transport.Redactor);
    }

    public ChatProvider Provider { get; }
    public ChatStreamer Streamer { get; }
    public Runner Runner { get; }
    public SecretRedactor Redactor => _transport.Redactor;
    public TransportSettings Settings => _transport.Settings;

    /// <summary>Calls registered and not yet ended; zero once Dispose has returned.</summary>
    public int InFlight
    {
        get { lock (_gate) return _inFlight; }
    }

    /// <summary>Registers a call; its token fires on <see cref="Cancel"/> of its id or on Dispose.</summary>
    public CallScope BeginCall(string? requestId)
    {
        CancellationTokenSource cts;
        lock (_gate)
        {
            if (_disposed)
            {
                throw LiteLlmException.Create(LiteLlmStatus.Cancelled, "the client has been freed");
            }
            // Under the lock: Dispose cannot dispose _closing between the check and this line.
            cts = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
            _inFlight++;
            if (requestId is not null)
            {
                if (!_byRequestId.TryGetValue(requestId, out var list)) _byRequestId[requestId] = list = new();
                list.Add(cts);
            }
        }
        return new CallScope(this, requestId, cts);
    }

    /// <summary>Cancels every call in flight that carries <paramref name="requestId"/>. Idempotent.</summary>
    public void Cancel(string requestId)
    {
        CancellationTokenSource[] targets;
        lock (_gate)
        {
            if (!_byRequestId.TryGetValue(requestId, out var list)) return;
            targets = list.ToArray();
        }
        foreach (var cts in targets)
        {
            try { cts.Cancel(); } catch (ObjectDisposedException) { /* the call has just ended */ }
        }
    }

    private void EndCall(string? requestId, CancellationTokenSource cts)
    {
        lock (_gate)
        {
            if (requestId is not null && _byRequestId.TryGetValue(requestId, out var list))
            {
                list.Remove(cts);
                if (list.Count == 0) _byRequestId.Remove(requestId);
            }
            _inFlight--;
            if (_inFlight == 0) Monitor.PulseAll(_gate);
        }
        cts.Dispose();
    }

    /// <summary>Cancels the calls in flight, waits until they have returned, then closes the pool.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _closing.Cancel();
        lock (_gate)
        {
            while (_inFlight > 0) Monitor.Wait(_gate);
        }
        _transport.Dispose();
        _closing.Dispose();
    }

    internal readonly struct CallScope : IDisposable
    {
        private readonly LiteLlmClient _owner;
        private readonly string? _requestId;
        private readonly CancellationTokenSource _cts;

        public CallScope(LiteLlmClient owner, string? requestId, CancellationTokenSource cts)
        {
            _owner = owner;
            _requestId = requestId;
            _cts = cts;
        }

        public CancellationToken Token => _cts.Token;

        public void Dispose() => _owner.EndCall(_requestId, _cts);
    }
}
