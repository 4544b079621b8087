using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// One attempt's request and response head on a pooled connection. It remembers which
/// connection the attempt uses so that a timeout or cancel, arriving on another thread at any
/// moment (connecting, writing, waiting for the answer), can abort exactly that connection.
/// </summary>
internal sealed class HttpExchange
{
    private readonly object _gate = new();
    private HttpConnection? _connection;
    private bool _aborted;

    /// <summary>Aborts the attempt's connection now, or as soon as it has one.</summary>
    public void Abort()
    {
        HttpConnection? connection;
        lock (_gate)
        {
            _aborted = true;
            connection = _connection;
        }
        connection?.Abort();
    }

    /// <param name="deadline">The attempt's end (Stopwatch ticks): bounds every blocking step.</param>
    public HttpResponse Send(ConnectionPool pool, ReadOnlySpan<byte> request, long deadline, CancellationToken cancel)
    {
        bool fresh = false;
        while (true)
        {
            HttpConnection? connection = fresh ? null : pool.TryRent();
            if (connection is null)
            {
                connection = pool.Open(deadline, Track, cancel);
            }
            else
            {
                connection.Deadline = deadline;
                Track(connection);
            }
            try
            {
                connection.Write(request);
                var head = connection.ReadHead();
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
        bool abort;
        lock (_gate)
        {
            _connection = connection;
            abort = _aborted;
        }
        if (abort) connection.Abort();
    }
}
