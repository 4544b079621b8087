using System;
using System.IO;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// One response: its head and its body stream. Disposing it hands the connection back to the
/// pool when the body was read to its end, and closes it otherwise (a response left unread,
/// such as a stream the host stopped, must not be drained: closing stops the server's work).
/// </summary>
internal sealed class HttpResponse : IDisposable
{
    private readonly ConnectionPool _pool;
    private HttpConnection? _connection;
    private readonly HttpBodyStream _body;

    public HttpResponse(ConnectionPool pool, HttpConnection connection, ResponseHead head)
    {
        _pool = pool;
        _connection = connection;
        Head = head;
        _body = HttpBodyStream.Create(connection, head);
    }

    public ResponseHead Head { get; }
    public int StatusCode => Head.StatusCode;
    public bool IsSuccessStatusCode => Head.StatusCode is >= 200 and <= 299;
    public string ReasonPhrase => Head.ReasonPhrase;
    public long? ContentLength => _body.DeclaredLength;
    public Stream Body => _body;

    /// <summary>
    /// Reads what is left of the body when it has already arrived (a stream's last bytes after
    /// its [DONE]), so the connection can be reused; never waits for the network.
    /// </summary>
    public void TryFinishBody(int maxBytes = 16 * 1024)
    {
        if (_connection is not { } connection) return;
        Span<byte> scratch = stackalloc byte[1024];
        int total = 0;
        while (!_body.EndedCleanly && total < maxBytes && connection.HasDataNow())
        {
            int n = _body.Read(scratch);
            if (n == 0) break;
            total += n;
        }
    }

    public void Dispose()
    {
        var connection = _connection;
        if (connection is null) return;
        _connection = null;
        if (_body.EndedCleanly && !connection.IsAborted && !connection.HasBufferedData && Head.KeepsAlive)
        {
            _pool.Return(connection);
        }
        else
        {
            connection.Dispose();
        }
    }
}
