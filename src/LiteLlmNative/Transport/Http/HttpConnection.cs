using System;
using System.Buffers;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Transport.Tls;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// One HTTP/1.1 connection: a socket (and TLS over it for https), a receive buffer and the
/// sans-I/O <see cref="Http1ResponseParser"/>. Each operation has two drivers chosen by its
/// <c>async</c> argument: blocking, on the calling thread with the socket's own timeouts (a call
/// costs the wake-ups libcurl's costs, none through a pool); or asynchronous, on the runtime's
/// epoll engine, holding no thread and only a small buffer while it waits. Both feed the same
/// parser. A blocked or
/// pending connect, read or write is ended from another thread by <see cref="Abort"/>.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    /// <summary>The largest response head accepted (status line and headers).</summary>
    public const int MaxHeadBytes = Http1ResponseParser.MaxHeadBytes;
    private const int BufferSize = 16 * 1024;
    // An asynchronous read waits with a small buffer: thousands of streams waiting for their
    // next event hold 1 KiB each (a larger answer grows it for as long as it needs).
    private const int AsyncBufferSize = 1024;

    private readonly Socket _socket;
    private readonly Http1ResponseParser _parser = new();
    private Stream? _stream;
    private int _receiveTimeoutMs, _sendTimeoutMs; // as last set on the socket (0 = none)
    // Rented from the shared pool: 16 KiB for blocking reads; an asynchronous read first
    // trades a larger buffer with nothing in it for a small one.
    private byte[]? _buffer;
    private int _start, _end;
    private int _aborted;

    private HttpConnection(Socket socket)
    {
        _socket = socket;
        Created = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// The end of the current attempt (Stopwatch ticks). Every blocking connect, read and
    /// write is bounded by the time left, with the socket's own timeouts: no timer thread.
    /// (Asynchronous operations are bounded by the attempt's timer, which aborts.)
    /// </summary>
    public long Deadline { get; set; } = long.MaxValue;

    /// <summary>
    /// The current attempt's idle limit (0: none): the longest a blocking read may wait for
    /// the next byte. An asynchronous read calls <see cref="OnReceive"/> instead, which restarts
    /// the attempt's idle timer (true), and again when the read is taken in (false), which stops it.
    /// </summary>
    public long IdleTimeoutMs { get; set; }
    public Action<bool>? OnReceive { get; set; }
    /// <summary>A blocking read of the current attempt waited out <see cref="IdleTimeoutMs"/>.</summary>
    public bool IdleExpired { get; set; }
    private bool _idleBound; // the last receive timeout armed was the idle limit, not the deadline

    public long Created { get; }
    /// <summary>When the connection was last put back idle (Stopwatch ticks).</summary>
    public long IdleSince { get; set; }
    /// <summary>True once the connection has carried a request: a failure before any answer may mean the server closed it while idle.</summary>
    public bool Reused { get; set; }
    /// <summary>True once any byte of an answer arrived on this connection's current exchange.</summary>
    public bool ReceivedAny { get; private set; }
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;
    /// <summary>Whether bytes beyond what the parser has used are buffered (a server speaking out of turn, after a response).</summary>
    public bool HasBufferedData => _end > _start;

    /// <summary>The current response's framing: its declared length, if any.</summary>
    public long? DeclaredLength => _parser.DeclaredLength;

    /// <summary>Whether the current response was read to its end and its framing lets the connection carry another request.</summary>
    public bool EndedCleanly => _parser.IsAtEnd && _parser.Reusable;

    /// <summary>
    /// Connects to <paramref name="address"/> and, for https, negotiates TLS. <paramref name="onCreated"/>
    /// sees the connection before anything blocks, so that a cancel can abort it.
    /// </summary>
    public static async ValueTask<HttpConnection> OpenAsync(
        IPAddress address, HttpEndpoint endpoint, TlsSetup? tls, long deadline,
        Action<HttpConnection> onCreated, bool async)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new HttpConnection(socket) { Deadline = deadline };
        try
        {
            onCreated(connection);
            if (async)
            {
                await socket.ConnectAsync(address, endpoint.ConnectPort).ConfigureAwait(false);
            }
            else
            {
                // Blocking connect, bounded by SO_SNDTIMEO (Linux applies it to connect); Abort's
                // shutdown ends it early (Linux disconnects a SYN_SENT socket).
                connection.Arm(send: true);
                socket.Connect(address, endpoint.ConnectPort);
            }
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            connection._stream = stream;
            if (endpoint.Tunnels)
            {
                // Asks the proxy for a tunnel to the target; what follows is the target's.
                await connection.WriteAsync(endpoint.ConnectRequest(), async).ConfigureAwait(false);
                var head = await connection.ReadHeadAsync(async, tunnel: true).ConfigureAwait(false);
                if (head.StatusCode is < 200 or > 299)
                {
                    // Not a network hiccup to retry blindly, but the proxy's answer: say what it was.
                    throw new IOException($"the proxy {endpoint.Proxy!.Origin} refused the tunnel to {endpoint.Origin}: {head.StatusCode} {head.ReasonPhrase}");
                }
                if (connection.HasBufferedData) throw new HttpProtocolException("the proxy sent data before the tunnel was used");
            }
            if (tls?.Context is { } context)
            {
                // OpenSSL (Linux): certificates are verified inside the handshake.
                var ssl = TlsStream.Create(stream, context, endpoint.Host, tls.Sessions);
                connection._stream = ssl;
                if (!async)
                {
                    connection.Arm(send: true);
                    connection.Arm(send: false);
                }
                await ssl.AuthenticateAsync(async).ConfigureAwait(false);
            }
            else if (PlatformTls.IsUsed && tls?.PlatformOptions is { } options)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                connection._stream = ssl;
                try
                {
                    if (async)
                    {
                        await ssl.AuthenticateAsClientAsync(options, CancellationToken.None).ConfigureAwait(false);
                    }
                    else
                    {
                        connection.Arm(send: true);
                        connection.Arm(send: false);
                        ssl.AuthenticateAsClient(options);
                    }
                }
                catch (AuthenticationException e) when (TrustedRootsFile.RejectionOf(ssl) is { } reason)
                {
                    throw new AuthenticationException(reason, e); // says why, not only "rejected by the callback"
                }
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, bool async)
    {
        ReceivedAny = false;
        if (async) return Stream.WriteAsync(bytes);
        Arm(send: true);
        Stream.Write(bytes.Span);
        Stream.Flush();
        return default;
    }

    /// <summary>Reads one response head (status line to blank line); the parser skips 1xx interim answers.</summary>
    public async ValueTask<ResponseHead> ReadHeadAsync(bool async, bool tunnel = false)
    {
        _parser.Reset(expectTunnel: tunnel);
        while (true)
        {
            var result = _parser.Parse(Buffered, out int consumed, out _, out _);
            _start += consumed;
            if (result == Http1Event.Head)
            {
                // Nothing asks to switch protocols: a 101 cannot be the answer to this request,
                // and waiting for a body it will not frame would only run out the clock.
                if (_parser.Head!.StatusCode == 101) throw new HttpProtocolException("the server switched protocols (101) on a request that asked for no upgrade");
                return _parser.Head!;
            }
            Debug.Assert(result == Http1Event.NeedData, "a body before its head");
            // At the end of the connection the parser throws: the head is incomplete.
            Received(await ReceiveAsync(async).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Takes the next piece of the current response's body from what is buffered, never
    /// waiting: a slice of the receive buffer (valid until the next call on this connection),
    /// the end of the body, or the need for more bytes (<see cref="ReceiveAsync"/>, then
    /// <see cref="Received"/>).
    /// </summary>
    public BodyStep TryReadBody(out ReadOnlyMemory<byte> piece)
    {
        piece = default;
        if (_parser.IsAtEnd) return BodyStep.End;
        int at = _start;
        var result = _parser.Parse(Buffered, out int consumed, out int offset, out int length);
        _start += consumed;
        switch (result)
        {
            case Http1Event.Body:
                piece = _buffer.AsMemory(at + offset, length);
                return BodyStep.Piece;
            case Http1Event.End:
                return BodyStep.End;
            default:
                return BodyStep.NeedData;
        }
    }

    /// <summary>
    /// Reads more bytes into the receive buffer: blocking (done when this returns), or started
    /// on the socket engine. Hand the count to <see cref="Received"/>. Not an async method: a
    /// stream awaits the socket's own reusable operation, so waiting for each event allocates
    /// nothing.
    /// </summary>
    public ValueTask<int> ReceiveAsync(bool async)
    {
        Memory<byte> free = PrepareBuffer(async);
        if (async)
        {
            OnReceive?.Invoke(true);
            return Stream.ReadAsync(free);
        }
        Arm(send: false);
        try
        {
            return new ValueTask<int>(Stream.Read(free.Span));
        }
        catch (Exception e) when (NoteIdleTimeout(e))
        {
            throw; // never reached: the filter only notes whose limit ran out
        }
    }

    private bool NoteIdleTimeout(Exception e)
    {
        if (!_idleBound) return false;
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
            {
                IdleExpired = true;
                break;
            }
        }
        return false;
    }

    /// <summary>
    /// Takes in what <see cref="ReceiveAsync"/> read. At the end of the connection (0) the
    /// parser decides: the end of a close-delimited body, else a cut response (thrown).
    /// </summary>
    public void Received(int count)
    {
        OnReceive?.Invoke(false); // the time until the next read is ours, not the server's silence
        if (count > 0)
        {
            ReceivedAny = true;
            _end += count;
            return;
        }
        ThrowIfAborted();
        _parser.EndOfInput();
    }

    /// <summary>
    /// Reads the rest of the current body if it has already arrived (buffered here or in the
    /// kernel), never waiting for the network: a finished stream's terminating chunk, so the
    /// connection can be kept. Reads at most <paramref name="maxBytes"/>.
    /// </summary>
    public void FinishIfArrived(int maxBytes)
    {
        for (int total = 0; total <= maxBytes;)
        {
            switch (TryReadBody(out var piece))
            {
                case BodyStep.End:
                    return;
                case BodyStep.Piece:
                    total += piece.Length;
                    continue;
            }
            if (!HasKernelData()) return;
            Received(ReceiveAsync(async: false).GetAwaiter().GetResult());
        }
    }

    private bool HasKernelData()
    {
        try
        {
            return !IsAborted && _socket.Available > 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether an idle connection can carry another request: nothing is waiting to be read
    /// (readable while idle means the server closed it, or spoke out of turn).
    /// </summary>
    public bool IsReusable()
    {
        if (IsAborted || HasBufferedData) return false;
        try
        {
            return !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Ends the connection now, from any thread: a blocked or pending connect, read or write fails.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // not connected yet, or already closed: closing below still releases it
        }
        _socket.Dispose();
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _aborted, 1);
        try
        {
            _stream?.Dispose();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // a TLS close_notify to a peer that has gone: nothing to report
        }
        _socket.Dispose();
        // The buffer is not returned to the pool: a read still pending on another thread
        // (an abort racing a read) could otherwise write into an array another call owns.
        _buffer = null;
    }

    /// <summary>Gives the receive buffer back between answers on a kept-alive connection (it is idle now).</summary>
    public void ReleaseBuffer()
    {
        if (_start == _end && _buffer is { } buffer)
        {
            _buffer = null;
            _start = _end = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(HttpConnection));

    private ReadOnlySpan<byte> Buffered => _buffer is null ? default : _buffer.AsSpan(_start, _end - _start);

    /// <summary>The free part of the receive buffer, made ready for a read.</summary>
    private Memory<byte> PrepareBuffer(bool async)
    {
        if (_start == _end)
        {
            _start = _end = 0;
            if (async && _buffer is { Length: > AsyncBufferSize } large)
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(large);
            }
        }
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(async ? AsyncBufferSize : BufferSize);
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                // A head (or a chunk-size line) longer than the buffer, or a large piece of an
                // asynchronous read; the parser refuses a head over its cap before the buffer
                // could grow past it.
                int size = Math.Min(_buffer.Length * (async ? 4 : 2), MaxHeadBytes + BufferSize);
                if (size <= _end) throw new HttpProtocolException("the response does not fit the read buffer");
                byte[] larger = ArrayPool<byte>.Shared.Rent(size);
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }
        return _buffer.AsMemory(_end);
    }

    /// <summary>
    /// Bounds the next blocking operation by the time left to the deadline. The socket option
    /// is only changed when it is shorter than what is left or more than 5 ms longer, so a
    /// kept-alive connection on a steady stream of calls costs no extra system call.
    /// </summary>
    private void Arm(bool send)
    {
        if (!send) _idleBound = false;
        if (Deadline == long.MaxValue && (send || IdleTimeoutMs <= 0)) return;
        long ms = int.MaxValue;
        if (Deadline != long.MaxValue)
        {
            long left = Deadline - Stopwatch.GetTimestamp();
            if (left <= 0) throw new HttpTimeoutException();
            ms = Math.Min(int.MaxValue, (left * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
        }
        if (!send && IdleTimeoutMs > 0 && IdleTimeoutMs < ms)
        {
            ms = IdleTimeoutMs; // a read waits at most the idle limit for its first byte
            _idleBound = true;
        }
        ref int current = ref send ? ref _sendTimeoutMs : ref _receiveTimeoutMs;
        // Never shorter than what is left (a kernel timeout must mean the deadline passed), at
        // most 5 ms longer.
        if (current >= ms && current <= ms + 5) return;
        try
        {
            if (send) _socket.SendTimeout = (int)ms;
            else _socket.ReceiveTimeout = (int)ms;
            current = (int)ms;
        }
        catch (ObjectDisposedException)
        {
            ThrowIfAborted();
            throw;
        }
    }

    /// <summary>After Abort a read sees end-of-stream; that must not pass for the server's clean end of a body.</summary>
    private void ThrowIfAborted()
    {
        if (IsAborted) throw new IOException("the connection was closed by a cancel");
    }
}

/// <summary>
/// How a connection speaks TLS: OpenSSL with a context and the pool's sessions (Linux), or the
/// platform's <see cref="SslStream"/> with these options (elsewhere).
/// </summary>
internal sealed record TlsSetup(TlsClientContext? Context, TlsSessionCache? Sessions, SslClientAuthenticationOptions? PlatformOptions);

/// <summary>What <see cref="HttpConnection.TryReadBody"/> found.</summary>
internal enum BodyStep
{
    /// <summary>A piece of the body.</summary>
    Piece,
    /// <summary>The body has ended.</summary>
    End,
    /// <summary>More bytes must be read first.</summary>
    NeedData,
}
