using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>
/// A fake OpenAI-compatible HTTP/1.1 server on raw sockets, bound to 127.0.0.1 only. Scripted
/// responses (<see cref="Enqueue"/>) answer requests first-in first-out; with none queued the
/// model-directed behaviour answers (see <see cref="ModelDirectedResponder"/>).
/// </summary>
public sealed class FakeOpenAiServer : IDisposable, IAsyncDisposable
{
    // Dispose must finish promptly even if a connection task misbehaves; it never waits longer.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<FakeResponse> _scripted = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly HashSet<Connection> _open = new();
    private readonly ModelDirectedState _modelState = new();
    private readonly Task _acceptLoop;
    private int _connectionsAccepted;
    private int _requestCount;
    private int _disposed;

    /// <summary>Binds 127.0.0.1 on an ephemeral port and starts accepting at once.</summary>
    public FakeOpenAiServer()
        : this(0)
    {
    }

    /// <summary>Binds 127.0.0.1 on <paramref name="port"/> (0 = ephemeral) and starts accepting at once.</summary>
    public FakeOpenAiServer(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        // A deep backlog: load tests open many connections at once and must not see refusals.
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUrl = "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>A snapshot of every request received so far, in order of arrival.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Requests"/> keeps what arrives (default true). Load tests that measure
    /// the client's memory turn it off, so the server's own records do not count as growth.
    /// </summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>Requests received so far, recorded or not.</summary>
    public int RequestCount
    {
        get
        {
            lock (_requests)
            {
                return _requestCount;
            }
        }
    }

    /// <summary>TCP connections accepted so far; a keep-alive client reuses connections, so this stays low.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>Queues responses; each request takes the oldest one.</summary>
    public void Enqueue(params FakeResponse[] responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        foreach (var response in responses)
        {
            ArgumentNullException.ThrowIfNull(response);
            _scripted.Enqueue(response);
        }
    }

    /// <summary>Stops listening, closes every connection and cuts short every delay or stall.</summary>
    public void Dispose()
    {
        var drained = StopAsync();
        try
        {
            drained.Wait(DrainLimit);
        }
        catch (AggregateException)
        {
            // Connection tasks swallow their own errors; nothing worth surfacing from a shutdown.
        }
    }

    public async ValueTask DisposeAsync()
    {
        var drained = StopAsync();
        await Task.WhenAny(drained, Task.Delay(DrainLimit)).ConfigureAwait(false);
    }

    /// <summary>Signals everything to stop at once and returns a task that ends when all loops have exited.</summary>
    private Task StopAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return Task.CompletedTask;
        }

        _stopping.Cancel();
        _listener.Stop();
        Connection[] open;
        lock (_open)
        {
            open = _open.ToArray();
        }

        foreach (var connection in open)
        {
            connection.Socket.Dispose();
        }

        return Task.WhenAll(open.Select(c => c.Task ?? Task.CompletedTask).Append(_acceptLoop));
    }

    private async Task AcceptLoopAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A client that gave up while queued (ECONNABORTED) or a transient limit: keep accepting.
                continue;
            }

            Interlocked.Increment(ref _connectionsAccepted);
            var connection = new Connection(socket);
            lock (_open)
            {
                if (stopping.IsCancellationRequested)
                {
                    socket.Dispose();
                    return;
                }

                _open.Add(connection);
            }

            connection.Task = Task.Run(() => ServeAsync(connection));
        }
    }

    private async Task ServeAsync(Connection connection)
    {
        var socket = connection.Socket;
        var stopping = _stopping.Token;
        try
        {
            // Each write leaves as it is, so byte-at-a-time tests really split the stream.
            socket.NoDelay = true;
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = new BufferedStreamReader(stream);
            var fate = ConnectionFate.KeepAlive;
            while (fate == ConnectionFate.KeepAlive)
            {
                ParsedRequest? parsed;
                try
                {
                    parsed = await RequestParser.ReadAsync(reader, stream, stopping).ConfigureAwait(false);
                }
                catch (MalformedRequestException ex)
                {
                    await BadRequest(ex.Message).WriteAsync(new ResponseContext(socket, stream, true, stopping)).ConfigureAwait(false);
                    break;
                }

                if (parsed is null)
                {
                    break; // the client closed between requests
                }

                int sequence = Record(parsed.Request);
                var response = NextResponse(parsed.Request, sequence);
                fate = await response.WriteAsync(new ResponseContext(socket, stream, parsed.ClientWantsClose, stopping)).ConfigureAwait(false);
            }

            if (fate != ConnectionFate.Reset)
            {
                socket.Shutdown(SocketShutdown.Send); // FIN after everything written
            }
        }
        catch (Exception)
        {
            // The client vanished, Dispose closed the socket, or a delay was cancelled. The
            // connection is over; the server carries on. Bugs in the responders are turned into
            // 500 answers by NextResponse, so nothing meaningful is lost here.
        }
        finally
        {
            socket.Dispose();
            lock (_open)
            {
                _open.Remove(connection);
            }
        }
    }

    private int Record(RecordedRequest request)
    {
        lock (_requests)
        {
            _requestCount++;
            if (RecordRequests)
            {
                _requests.Add(request);
            }

            return _requestCount;
        }
    }

    private FakeResponse NextResponse(RecordedRequest request, int sequence)
    {
        if (_scripted.TryDequeue(out var scripted))
        {
            return scripted;
        }

        try
        {
            return ModelDirectedResponder.Respond(request, sequence, _modelState);
        }
        catch (Exception ex)
        {
            // A fake that crashes silently makes for baffling test failures; say what happened.
            return FakeResponse.Error(500, "fake server bug: " + ex, "fake_server_bug");
        }
    }

    private static FakeResponse BadRequest(string reason) =>
        FakeResponse.Error(400, "fake: malformed request: " + reason, "invalid_request_error", "400");

    /// <summary>An accepted socket and the task serving it, tracked so Dispose can close it.</summary>
    private sealed class Connection(Socket socket)
    {
        public Socket Socket { get; } = socket;

        public Task? Task { get; set; }
    }
}
