using System;
using System.Collections.Generic;
using System.Threading;
using LiteLlmNative.Executor;
using LiteLlmNative.Provider;
using LiteLlmNative.Transport;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Client;

/// <summary>
/// What a <c>litellm_client*</c> handle stands for: one connection pool and its services, plus
/// the bookkeeping that lets a call be cancelled (by request id, by its own handle, or by
/// freeing the client) and lets Dispose wait for the calls still running.
/// </summary>
internal sealed class LiteLlmClient : IDisposable
{
    private readonly HttpTransport _transport;
    private readonly HashSet<CallCancellation> _live = new();
    private readonly Dictionary<string, List<CallCancellation>> _byRequestId = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _disposed;
    private bool _closeWhenIdle; // freed from inside one of its own callbacks: the last call to end closes the pool

    public LiteLlmClient(TransportSettings settings)
    {
        _transport = new HttpTransport(settings);
        Provider = new ChatProvider(_transport);
        Streamer = new ChatStreamer(_transport);
        Runner = new Runner(Provider, _transport.Redactor);
        Embeddings = new Endpoints.EmbeddingsService(_transport);
        Models = new Endpoints.ModelsService(_transport);
        Health = new Endpoints.HealthService(_transport);
    }

    public ChatProvider Provider { get; }
    public ChatStreamer Streamer { get; }
    public Runner Runner { get; }
    public Endpoints.EmbeddingsService Embeddings { get; }
    public Endpoints.ModelsService Models { get; }
    public Endpoints.HealthService Health { get; }
    public SecretRedactor Redactor => _transport.Redactor;
    public TransportSettings Settings => _transport.Settings;

    /// <summary>Calls registered and not yet ended; zero once Dispose has returned.</summary>
    public int InFlight
    {
        get { lock (_gate) return _live.Count; }
    }

    /// <summary>
    /// Registers a call; its token fires on <see cref="Cancel"/> of its id, on
    /// <see cref="CallScope.Cancel"/> or on Dispose, which waits for the scope to end.
    /// </summary>
    /// <param name="async">The call runs on the thread pool: its cancellation is then always
    /// carried out there, so its continuations (and the host's callbacks) never run on the
    /// host thread that cancelled.</param>
    public CallScope BeginCall(string? requestId, bool async = false)
    {
        var cancellation = new CallCancellation(requestId, async);
        lock (_gate)
        {
            if (_disposed)
            {
                cancellation.Dispose();
                throw LiteLlmException.Create(LiteLlmStatus.Cancelled, "the client has been freed");
            }
            _live.Add(cancellation);
            if (requestId is not null)
            {
                if (!_byRequestId.TryGetValue(requestId, out var list)) _byRequestId[requestId] = list = new();
                list.Add(cancellation);
            }
        }
        return new CallScope(this, cancellation);
    }

    /// <summary>Cancels every call in flight that carries <paramref name="requestId"/>. Idempotent.</summary>
    public void Cancel(string requestId)
    {
        CallCancellation[] targets;
        lock (_gate)
        {
            if (!_byRequestId.TryGetValue(requestId, out var list)) return;
            targets = list.ToArray();
        }
        foreach (var target in targets) target.Cancel();
    }

    /// <summary>Cancels every call in flight (an interrupt); calls started after it run as usual.</summary>
    public void CancelAll()
    {
        CallCancellation[] targets;
        lock (_gate)
        {
            targets = new CallCancellation[_live.Count];
            _live.CopyTo(targets);
        }
        foreach (var target in targets) target.Cancel();
    }

    private void EndCall(CallCancellation cancellation)
    {
        bool close = false;
        lock (_gate)
        {
            _live.Remove(cancellation);
            if (cancellation.RequestId is { } id && _byRequestId.TryGetValue(id, out var list))
            {
                list.Remove(cancellation);
                if (list.Count == 0) _byRequestId.Remove(id);
            }
            if (_live.Count == 0)
            {
                Monitor.PulseAll(_gate);
                close = _closeWhenIdle;
                _closeWhenIdle = false;
            }
        }
        cancellation.Dispose();
        if (close) _transport.Dispose();
    }

    /// <summary>
    /// Cancels the calls in flight, waits until they have ended (their completion callbacks
    /// included), then closes the pool. Called from inside a callback of one of this client's
    /// own calls it cannot wait for that call: it cancels, returns at once, and the last call
    /// to end closes the pool.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true; // no call starts from here on: CancelAll reaches every one
        }
        CancelAll();
        lock (_gate)
        {
            if (_live.Count > 0 && CallbackScope.IsInside(this))
            {
                _closeWhenIdle = true;
                return;
            }
            while (_live.Count > 0) Monitor.Wait(_gate);
        }
        _transport.Dispose();
    }

    /// <summary>One call's cancellation source, safe to cancel from any thread at any time.</summary>
    internal sealed class CallCancellation : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly bool _async;
        private bool _disposed;

        public CallCancellation(string? requestId, bool async)
        {
            RequestId = requestId;
            _async = async;
            Token = _source.Token; // read once: the source may be disposed while others still ask
        }

        public string? RequestId { get; }
        public CancellationToken Token { get; }

        public void Cancel()
        {
            // From another thread, an asynchronous call's cancel is carried out on the pool, so
            // that its continuations and callbacks never run on the host thread that asked.
            // From inside one of the call's own callbacks (a library thread, the call paused
            // in the callback) it takes effect at once: before the call's next event.
            if (_async && !CallbackScope.IsInsideCall(Token))
            {
                ThreadPool.UnsafeQueueUserWorkItem(static c => c.CancelHere(), this, preferLocal: false);
            }
            else
            {
                CancelHere();
            }
        }

        private void CancelHere()
        {
            // The lock keeps a cancel that races the call's end off a disposed source.
            lock (this)
            {
                if (!_disposed) _source.Cancel();
            }
        }

        public void Dispose()
        {
            lock (this)
            {
                _disposed = true;
                _source.Dispose();
            }
        }
    }

    internal readonly struct CallScope : IDisposable
    {
        private readonly LiteLlmClient _owner;
        private readonly CallCancellation _cancellation;

        internal CallScope(LiteLlmClient owner, CallCancellation cancellation)
        {
            _owner = owner;
            _cancellation = cancellation;
        }

        public CancellationToken Token => _cancellation.Token;

        /// <summary>Cancels this call only; harmless once it has ended.</summary>
        public void Cancel() => _cancellation.Cancel();

        public void Dispose() => _owner.EndCall(_cancellation);
    }
}
