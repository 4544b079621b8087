using System;
using System.Threading;

namespace LiteLlmNative.Transport.Tls;

/// <summary>
/// The TLS session a client's next connection to its host resumes (a TLS 1.3 ticket or a TLS
/// 1.2 session id or ticket): the newest resumable one any of its connections received. A
/// resumed handshake skips the key exchange and the certificate check: it continues the
/// session that was verified, with the server's proof that it holds the session's secret. A
/// server that no longer accepts it (restarted, new keys, new certificate) makes a full
/// handshake, verified like the first.
/// </summary>
internal sealed unsafe class TlsSessionCache : IDisposable
{
    private readonly object _lock = new();
    private SafeSslSessionHandle? _latest;
    private bool _disposed;
    private int _resumed;

    /// <summary>How many handshakes resumed a session (for tests and the debug log).</summary>
    public int Resumed => Volatile.Read(ref _resumed);

    /// <summary>Sets the session to resume on a connection that has not started its handshake.</summary>
    public void ApplyTo(nint ssl)
    {
        lock (_lock)
        {
            // SSL_set_session takes its own reference: the handle may be replaced right after.
            if (_latest is { } session) OpenSsl.SSL_set_session(ssl, session.DangerousGetHandle());
        }
    }

    /// <summary>
    /// Keeps <paramref name="session"/> (a connection's current one) when it can be resumed;
    /// false when it cannot (yet: a TLS 1.3 session becomes resumable with its ticket).
    /// </summary>
    public bool Offer(nint session)
    {
        if (session == 0 || OpenSsl.SSL_SESSION_is_resumable(session) != 1) return false;
        SafeSslSessionHandle? old;
        lock (_lock)
        {
            // Already kept: the reference held here means the address cannot have been reused.
            if (_disposed || _latest?.DangerousGetHandle() == session) return true;
            OpenSsl.SSL_SESSION_up_ref(session);
            old = _latest;
            _latest = new SafeSslSessionHandle(session);
        }
        old?.Dispose();
        return true;
    }

    public void CountResumed() => Interlocked.Increment(ref _resumed);

    public void Dispose()
    {
        SafeSslSessionHandle? old;
        lock (_lock)
        {
            _disposed = true;
            old = _latest;
            _latest = null;
        }
        old?.Dispose();
    }
}
