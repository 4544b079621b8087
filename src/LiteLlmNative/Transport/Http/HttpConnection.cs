using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// One HTTP/1.1 connection: a blocking socket (and TLS over it for https) read through a small
/// buffer. Every read and write happens on the calling thread in blocking mode, so a call costs
/// the same wake-ups as libcurl's: none through the thread pool or an epoll thread. A blocked
/// read, write or connect is ended from another thread by <see cref="Abort"/>.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    /// <summary>The largest response head accepted (status line and headers).</summary>
    public const int MaxHeadBytes = 64 * 1024;
    private const int BufferSize = 16 * 1024;

    private readonly Socket _socket;
    private Stream? _stream;
    private int _receiveTimeoutMs, _sendTimeoutMs; // as last set on the socket (0 = none)
    private byte[] _buffer = new byte[BufferSize];
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
    /// </summary>
    public long Deadline { get; set; } = long.MaxValue;

    public long Created { get; }
    /// <summary>When the connection was last put back idle (Stopwatch ticks).</summary>
    public long IdleSince { get; set; }
    /// <summary>True once the connection has carried a request: a failure before any answer may mean the server closed it while idle.</summary>
    public bool Reused { get; set; }
    /// <summary>True once any byte of an answer arrived on this connection's current exchange.</summary>
    public bool ReceivedAny { get; private set; }
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;
    /// <summary>Whether bytes beyond the current response are already buffered (a server speaking out of turn).</summary>
    public bool HasBufferedData => _end > _start;

    /// <summary>
    /// Connects to <paramref name="address"/> and, for https, negotiates TLS. <paramref name="onCreated"/>
    /// sees the connection before anything blocks, so that a cancel can abort it.
    /// </summary>
    public static HttpConnection Open(IPAddress address, HttpEndpoint endpoint, SslClientAuthenticationOptions? tls, long deadline, Action<HttpConnection> onCreated)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new HttpConnection(socket) { Deadline = deadline };
        try
        {
            onCreated(connection);
            // Blocking connect, bounded by SO_SNDTIMEO (Linux applies it to connect); Abort's
            // shutdown ends it early (Linux disconnects a SYN_SENT socket).
            connection.Arm(send: true);
            socket.Connect(address, endpoint.ConnectPort);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            connection._stream = stream;
            if (endpoint.Tunnels) connection.OpenTunnel(endpoint);
            if (tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                connection._stream = ssl;
                connection.Arm(send: true);
                connection.Arm(send: false);
                ssl.AuthenticateAsClient(tls);
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Asks the proxy for a tunnel to the target; what follows on the connection is the target's.</summary>
    private void OpenTunnel(HttpEndpoint endpoint)
    {
        Write(endpoint.ConnectRequest());
        var head = ReadHead();
        if (head.StatusCode is < 200 or > 299)
        {
            // Not a network hiccup to retry blindly, but the proxy's answer: say what it was.
            throw new IOException($"the proxy {endpoint.Proxy!.Origin} refused the tunnel to {endpoint.Origin}: {head.StatusCode} {head.ReasonPhrase}");
        }
        if (HasBufferedData) throw new HttpProtocolException("the proxy sent data before the tunnel was used");
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        ReceivedAny = false;
        Arm(send: true);
        Stream.Write(bytes);
        Stream.Flush();
    }

    /// <summary>Reads one response head (status line to blank line), skipping 1xx interim answers.</summary>
    public ResponseHead ReadHead()
    {
        while (true)
        {
            int scanned = 0;
            int end;
            while ((end = HeadEnd(_buffer.AsSpan(_start, _end - _start), ref scanned)) < 0)
            {
                if (_end - _start >= MaxHeadBytes)
                {
                    throw new HttpProtocolException($"the response head is larger than {MaxHeadBytes} bytes");
                }
                if (Fill() == 0)
                {
                    throw new IOException(ReceivedAny
                        ? "the server closed the connection in the middle of the response head"
                        : "the server closed the connection without answering");
                }
            }
            byte[] raw = _buffer.AsSpan(_start, end).ToArray();
            _start += end;
            var head = ResponseHead.Parse(raw);
            if (head.StatusCode is >= 100 and < 200 && head.StatusCode != 101) continue; // interim (100 Continue, 103)
            return head;
        }
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length body bytes; 0 at the end of the connection.</summary>
    public int Read(Span<byte> destination)
    {
        if (_end > _start)
        {
            int n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            return n;
        }
        // A large read goes straight to the caller's buffer; a small one through ours.
        if (destination.Length >= _buffer.Length) return Receive(destination);
        if (Fill() == 0) return 0;
        return Read(destination);
    }

    /// <summary>Reads one line (CRLF or LF) of at most <paramref name="maxLength"/> bytes, without its end.</summary>
    public ReadOnlySpan<byte> ReadLine(int maxLength)
    {
        int scanned = 0;
        while (true)
        {
            var available = _buffer.AsSpan(_start + scanned, _end - _start - scanned);
            int lf = available.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                int length = scanned + lf;
                var line = _buffer.AsSpan(_start, length);
                _start += length + 1;
                return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
            }
            scanned = _end - _start;
            if (scanned > maxLength) throw new HttpProtocolException("the response has an over-long chunk line");
            if (Fill() == 0) throw new IOException("the server closed the connection in the middle of a chunked body");
        }
    }

    /// <summary>Whether a read would find data without waiting for the network (buffered here or in the kernel).</summary>
    public bool HasDataNow()
    {
        if (HasBufferedData) return true;
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

    /// <summary>Ends the connection now, from any thread: a blocked connect, read or write returns with an error.</summary>
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
    }

    private Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(HttpConnection));

    /// <summary>Reads more bytes into the buffer; returns how many (0 at the end of the connection).</summary>
    private int Fill()
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxHeadBytes + BufferSize));
                if (_end == _buffer.Length) throw new HttpProtocolException("the response does not fit the read buffer");
            }
        }
        int n = Receive(_buffer.AsSpan(_end));
        _end += n;
        return n;
    }

    /// <summary>One blocking read from the network, bounded by the deadline; 0 at the end of the connection.</summary>
    private int Receive(Span<byte> destination)
    {
        Arm(send: false);
        int n = Stream.Read(destination);
        if (n > 0) ReceivedAny = true;
        else ThrowIfAborted();
        return n;
    }

    /// <summary>
    /// Bounds the next blocking operation by the time left to the deadline. The socket option
    /// is only changed when it is shorter than what is left or more than 5 ms longer, so a
    /// kept-alive connection on a steady stream of calls costs no extra system call.
    /// </summary>
    private void Arm(bool send)
    {
        if (Deadline == long.MaxValue) return;
        long left = Deadline - Stopwatch.GetTimestamp();
        if (left <= 0) throw new HttpTimeoutException();
        long ms = Math.Min(int.MaxValue, (left * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
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

    /// <summary>Length of the head (through its blank line) at the start of <paramref name="data"/>, or -1.</summary>
    private static int HeadEnd(ReadOnlySpan<byte> data, ref int scanned)
    {
        int from = Math.Max(0, scanned - 3);
        while (true)
        {
            int lf = data[from..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                scanned = data.Length;
                return -1;
            }
            lf += from;
            // LF LF or LF CR LF ends the head.
            if (lf + 1 < data.Length && data[lf + 1] == (byte)'\n') return lf + 2;
            if (lf + 2 < data.Length && data[lf + 1] == (byte)'\r' && data[lf + 2] == (byte)'\n') return lf + 3;
            if (lf + 2 >= data.Length)
            {
                scanned = lf; // the terminator may be completed by the next read
                return -1;
            }
            from = lf + 1;
        }
    }
}
