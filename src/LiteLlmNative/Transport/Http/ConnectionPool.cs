using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Transport.Tls;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// A client's keep-alive connections to its one endpoint. Idle connections are reused most
/// recently used first; one idle too long, too old, or closed by the server is dropped.
/// </summary>
internal sealed class ConnectionPool : IDisposable
{
    private static readonly long IdleLimit = Stopwatch.Frequency * 90;          // 90 s
    private static readonly long LifetimeLimit = Stopwatch.Frequency * 600;     // 10 min: a DNS change is picked up
    // Enough for the bursts of many asynchronous calls to find their connections again; idle
    // ones beyond the first few give their receive buffers back.
    private const int MaxIdle = 256;
    private const int IdleWithBuffers = 8;

    private readonly HttpEndpoint _endpoint;
    private readonly TrustedRoots? _caFile;
    private readonly SystemTrust? _systemTrust;
    private readonly Stack<HttpConnection> _idle = new();
    private bool _disposed;
    // https on Linux: the OpenSSL context (made at the first connection) and the session the
    // next connection resumes; this pool is one client's connections to one host.
    private TlsClientContext? _tls;
    private readonly TlsSessionCache _sessions = new();
    // Elsewhere: the platform's TLS (SslStream), with a check that also trusts the ca_file.
    private readonly RemoteCertificateValidationCallback? _validator;

    private static readonly System.Collections.Generic.List<SslApplicationProtocol> Http11Only = new() { SslApplicationProtocol.Http11 };

    /// <param name="caFile">Roots trusted besides the system's, or null.</param>
    /// <param name="systemTrust">Where the system's roots are; null: the process's.</param>
    public ConnectionPool(HttpEndpoint endpoint, TrustedRoots? caFile, SystemTrust? systemTrust = null)
    {
        _endpoint = endpoint;
        _caFile = caFile;
        _systemTrust = systemTrust;
        if (PlatformTls.IsUsed && caFile?.PlatformCertificates is { } roots) _validator = TrustedRootsFile.Validator(roots);
    }

    /// <summary>How many handshakes of this pool resumed a TLS session.</summary>
    public int ResumedHandshakes => _sessions.Resumed;

    /// <summary>An idle connection that still looks usable, or null.</summary>
    public HttpConnection? TryRent()
    {
        long now = Stopwatch.GetTimestamp();
        while (true)
        {
            HttpConnection? connection;
            lock (_idle)
            {
                if (!_idle.TryPop(out connection)) return null;
            }
            if (now - connection.IdleSince < IdleLimit && now - connection.Created < LifetimeLimit && connection.IsReusable())
            {
                return connection;
            }
            connection.Dispose();
        }
    }

    /// <summary>Opens a new connection; <paramref name="onCreated"/> lets the caller abort it while it connects.</summary>
    public async ValueTask<HttpConnection> OpenAsync(long deadline, Action<HttpConnection> onCreated, bool async, CancellationToken cancel)
    {
        IPAddress[] addresses = await ResolveAsync(deadline, async, cancel).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            cancel.ThrowIfCancellationRequested();
            if (Stopwatch.GetTimestamp() >= deadline) throw new HttpTimeoutException();
            try
            {
                return await HttpConnection.OpenAsync(address, _endpoint, Tls(), deadline, onCreated, async).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                last = e; // try the next address
            }
        }
        string where = _endpoint.Proxy is { } proxy ? $"the proxy {proxy.Origin} (for {_endpoint.Origin})" : _endpoint.Origin;
        throw new IOException($"cannot connect to {where}: {last?.Message ?? "no address"}", last);
    }

    /// <summary>How this pool's connections speak TLS, or null for plain http.</summary>
    private TlsSetup? Tls()
    {
        if (!_endpoint.IsHttps) return null;
        if (PlatformTls.IsUsed) return new TlsSetup(null, null, PlatformOptions());
        // Made once, on first use: a client that never connects loads nothing.
        _tls ??= TlsClientContext.For(_caFile, _systemTrust);
        return new TlsSetup(_tls, _sessions, null);
    }

    /// <summary>A fresh options object per handshake (SslStream must not share one across handshakes).</summary>
    private SslClientAuthenticationOptions PlatformOptions() => new SslClientAuthenticationOptions
    {
        // Certificates are always verified; a ca_file adds trusted roots, it never turns checks off.
        TargetHost = _endpoint.Host,
        ApplicationProtocols = Http11Only,
        RemoteCertificateValidationCallback = _validator,
        // As libcurl: no fetching of missing intermediates (AIA) and no revocation downloads.
        // ILLink.Substitutions.xml relies on this to drop the downloader (and HttpClient).
        CertificateChainPolicy = TrustedRootsFile.NoDownloadsPolicy(),
    };

    public void Return(HttpConnection connection)
    {
        connection.Reused = true;
        connection.IdleSince = Stopwatch.GetTimestamp();
        lock (_idle)
        {
            if (!_disposed && _idle.Count < MaxIdle)
            {
                if (_idle.Count >= IdleWithBuffers) connection.ReleaseBuffer();
                _idle.Push(connection);
                return;
            }
        }
        connection.Dispose();
    }

    private async ValueTask<IPAddress[]> ResolveAsync(long deadline, bool async, CancellationToken cancel)
    {
        string host = _endpoint.ConnectHost;
        if (IPAddress.TryParse(host, out var literal)) return new[] { literal };
        // Name resolution has no blocking, abortable form: it runs on its own and is awaited
        // (or, for a blocking call, waited for), so the deadline or a cancel still ends the
        // wait. (The only timer of a blocking call, and only when a new connection needs a name.)
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        long left = deadline - Stopwatch.GetTimestamp();
        if (left <= 0) throw new HttpTimeoutException();
        if (deadline != long.MaxValue) limit.CancelAfter(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
        try
        {
            var lookup = Dns.GetHostAddressesAsync(host, limit.Token);
            var addresses = async ? await lookup.ConfigureAwait(false) : lookup.GetAwaiter().GetResult();
            if (addresses.Length == 0) throw new IOException($"cannot resolve {host}: no address");
            return addresses;
        }
        catch (SocketException e)
        {
            throw new IOException($"cannot resolve {host}: {e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new HttpTimeoutException();
        }
    }

    public void Dispose()
    {
        HttpConnection[] idle;
        lock (_idle)
        {
            _disposed = true;
            idle = _idle.ToArray();
            _idle.Clear();
        }
        foreach (var connection in idle) connection.Dispose();
        _sessions.Dispose();
    }
}
