using System.Collections.Concurrent;
using System.IO;

namespace LiteLlmNative.Transport.Tls;

/// <summary>
/// One OpenSSL client configuration (<c>SSL_CTX</c>) and its trust store: the system's roots,
/// looked up as chains need them, and a client's <c>ca_file</c> roots. Certificates are always
/// verified during the handshake: chain to a trusted root, validity, server-authentication
/// usage (OpenSSL's "ssl_server" purpose, set for every client handshake), and the host name
/// (set per connection). Clients without a <c>ca_file</c> share one context per process, so
/// what the system lookups loaded serves every later handshake.
/// </summary>
internal sealed unsafe class TlsClientContext
{
    private static readonly ConcurrentDictionary<SystemTrust, TlsClientContext> s_systemOnly = new();
    // "http/1.1" in ALPN's wire form: a length byte, then the name.
    private static readonly byte[] Http11Alpn = "\u0008http/1.1"u8.ToArray();

    private TlsClientContext(SafeSslContextHandle handle, bool hasCaFile)
    {
        Handle = handle;
        HasCaFile = hasCaFile;
    }

    public SafeSslContextHandle Handle { get; }

    /// <summary>Whether a ca_file's roots are trusted too (for the wording of a refusal).</summary>
    public bool HasCaFile { get; }

    /// <summary>The context for these roots: shared by every client of the process without a ca_file, its own otherwise.</summary>
    public static TlsClientContext For(TrustedRoots? caFile, SystemTrust? system)
    {
        OpenSsl.EnsureAvailable();
        system ??= SystemTrust.Default;
        if (caFile is not null) return Create(caFile, system);
        return s_systemOnly.TryGetValue(system, out var shared) ? shared : s_systemOnly.GetOrAdd(system, Create(null, system));
    }

    private static TlsClientContext Create(TrustedRoots? caFile, SystemTrust system)
    {
        OpenSsl.ERR_clear_error();
        nint ctx = OpenSsl.SSL_CTX_new(OpenSsl.TLS_client_method());
        if (ctx == 0) throw new IOException("cannot create a TLS context: " + OpenSsl.TakeErrors());
        var handle = new SafeSslContextHandle(ctx);
        OpenSsl.SSL_CTX_ctrl(ctx, OpenSsl.SSL_CTRL_SET_MIN_PROTO_VERSION, OpenSsl.TLS1_2_VERSION, 0);
        OpenSsl.SSL_CTX_ctrl(ctx, OpenSsl.SSL_CTRL_MODE, OpenSsl.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | OpenSsl.SSL_MODE_AUTO_RETRY, 0);
        // Sessions are kept per client and host by the connection pool, not in the context.
        OpenSsl.SSL_CTX_ctrl(ctx, OpenSsl.SSL_CTRL_SET_SESS_CACHE_MODE, OpenSsl.SSL_SESS_CACHE_OFF, 0);
        OpenSsl.SSL_CTX_set_quiet_shutdown(ctx, 1);
        OpenSsl.SSL_CTX_set_verify(ctx, OpenSsl.SSL_VERIFY_PEER, 0);
        fixed (byte* alpn = Http11Alpn) OpenSsl.SSL_CTX_set_alpn_protos(ctx, alpn, (uint)Http11Alpn.Length);

        nint store = OpenSsl.SSL_CTX_get_cert_store(ctx);
        system.AddTo(store);
        if (caFile?.OpenSslCertificates is { } roots)
        {
            foreach (var root in roots)
            {
                bool added = false;
                root.DangerousAddRef(ref added);
                try
                {
                    // The store takes its own reference; a duplicate of a system root is no error.
                    OpenSsl.X509_STORE_add_cert(store, root.DangerousGetHandle());
                }
                finally
                {
                    if (added) root.DangerousRelease();
                }
            }
        }
        OpenSsl.ERR_clear_error();
        return new TlsClientContext(handle, caFile is not null);
    }
}
