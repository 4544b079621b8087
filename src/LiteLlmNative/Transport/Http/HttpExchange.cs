using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// One attempt's request and response head on a pooled connection. It remembers which
/// connection the attempt uses so that a timeout or cancel, arriving on another thread at any
/// moment (connecting, writing, waiting for the answer), can abort exactly that connection,
/// and never one the attempt has already given back.
/// </summary>
internal sealed class HttpExchange
{
    private readonly object _gate = new();
    private HttpConnection? _connection;
    private bool _aborted, _detached, _timedOut, _idleTimedOut;

    /// <summary>The attempt's idle limit (0: none), handed to its connection.</summary>
    public long IdleTimeoutMs { get; init; }

    /// <summary>Restarts (true, before a read) or stops (false, after it) the attempt's idle timer: an asynchronous attempt's.</summary>
    public Action<bool>? IdleKick { get; init; }

    /// <summary>Aborts the attempt's connection now, or as soon as it has one.</summary>
    public void Abort() => Abort(timedOut: false);

    /// <summary>The attempt's timer: as <see cref="Abort()"/>, remembered as the deadline's doing.</summary>
    public void TimeOut() => Abort(timedOut: true);

    /// <summary>The idle timer: as <see cref="TimeOut"/>, remembered as the silence's doing.</summary>
    public void IdleOut()
    {
        lock (_gate)
        {
            if (_detached || _aborted) return;
            _idleTimedOut = true;
        }
        Abort(timedOut: true);
    }

    /// <summary>Whether the server's silence outlasted the idle limit (the timer's, or a blocking read's).</summary>
    public bool IdleTimedOut
    {
        get { lock (_gate) return _idleTimedOut || _connection?.IdleExpired == true; }
    }

    /// <summary>Whether the attempt's timer aborted it.</summary>
    public bool TimedOut
    {
        get { lock (_gate) return _timedOut; }
    }

    private void Abort(bool timedOut)
    {
        // Under the lock, so that once Detach has returned no abort can reach the connection
        // (it may already belong to another call).
        lock (_gate)
        {
            if (_detached || _aborted) return;
            _aborted = true;
            _timedOut = timedOut;
            _connection?.Abort();
        }
    }

    /// <summary>The attempt is over: later aborts do nothing.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _detached = true;
            if (_connection is { } connection)
            {
                connection.OnReceive = null; // the timer is this attempt's: it must not outlive it
                connection.IdleTimeoutMs = 0;
            }
            _connection = null;
        }
    }

    /// <param name="deadline">The attempt's end (Stopwatch ticks): bounds every blocking step.</param>
    public async ValueTask<HttpResponse> SendAsync(ConnectionPool pool, ReadOnlyMemory<byte> request, long deadline, bool async, CancellationToken cancel)
    {
        bool fresh = false;
        while (true)
        {
            HttpConnection? connection = fresh ? null : pool.TryRent();
            if (connection is null)
            {
                connection = await pool.OpenAsync(deadline, Track, async, cancel).ConfigureAwait(false);
            }
            else
            {
                connection.Deadline = deadline;
                Track(connection);
            }
            try
            {
                await connection.WriteAsync(request, async).ConfigureAwait(false);
                var head = await connection.ReadHeadAsync(async).ConfigureAwait(false);
                return new HttpResponse(pool, connection, head);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                connection.Dispose();
                // A kept-alive connection that the server closed while it sat idle fails before
                // any answer: the request is sent once more, on a new connection.
                if (connection.Reused && !connection.ReceivedAny && !IsAborted && e is not (HttpProtocolException or HttpTimeoutException))
                {
                    fresh = true;
                    continue;
                }
                throw;
            }
        }
    }

    private bool IsAborted
    {
        get { lock (_gate) return _aborted; }
    }

    private void Track(HttpConnection connection)
    {
        // A pooled connection carries the last attempt's settings: this attempt's replace them.
        connection.IdleTimeoutMs = IdleTimeoutMs;
        connection.OnReceive = IdleKick;
        connection.IdleExpired = false;
        lock (_gate)
        {
            _connection = connection;
            if (_aborted) connection.Abort();
        }
    }
}
