using System;
using System.Threading.Tasks;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// One response: its head and its body. Disposing it hands the connection back to the pool when
/// the body was read to its end, and closes it otherwise (a response left unread, such as a
/// stream the host stopped, must not be drained: closing stops the server's work).
/// </summary>
internal sealed class HttpResponse : IDisposable
{
    private readonly ConnectionPool _pool;
    private HttpConnection? _connection;

    public HttpResponse(ConnectionPool pool, HttpConnection connection, ResponseHead head)
    {
        _pool = pool;
        _connection = connection;
        Head = head;
        ContentLength = connection.DeclaredLength;
    }

    public ResponseHead Head { get; }
    public int StatusCode => Head.StatusCode;
    public bool IsSuccessStatusCode => Head.StatusCode is >= 200 and <= 299;
    public string ReasonPhrase => Head.ReasonPhrase;
    public long? ContentLength { get; }

    /// <summary>The next buffered piece of the body (valid until the next call), its end, or the need for more bytes.</summary>
    public BodyStep TryRead(out ReadOnlyMemory<byte> piece) => Connection.TryReadBody(out piece);

    /// <summary>Reads more bytes (blocking, or asynchronously); hand the count to <see cref="Received"/>.</summary>
    public ValueTask<int> ReceiveAsync(bool async) => Connection.ReceiveAsync(async);

    /// <summary>Takes in what <see cref="ReceiveAsync"/> read.</summary>
    public void Received(int count) => Connection.Received(count);

    private HttpConnection Connection => _connection ?? throw new ObjectDisposedException(nameof(HttpResponse));

    /// <summary>
    /// Reads what is left of the body when it has already arrived (a stream's last bytes after
    /// its [DONE]), so the connection can be reused; never waits for the network.
    /// </summary>
    public void TryFinishBody(int maxBytes = 16 * 1024) => _connection?.FinishIfArrived(maxBytes);

    public void Dispose()
    {
        var connection = _connection;
        if (connection is null) return;
        _connection = null;
        if (connection.EndedCleanly && !connection.IsAborted && !connection.HasBufferedData && Head.KeepsAlive)
        {
            _pool.Return(connection);
        }
        else
        {
            connection.Dispose();
        }
    }
}
