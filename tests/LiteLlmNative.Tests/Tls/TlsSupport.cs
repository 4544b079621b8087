using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Tests.Tls;

/// <summary>A CA (self-signed, or an intermediate under a parent), written to a PEM file.</summary>
/// <summary>A fresh directory under the system's temporary one, deleted (as far as it can be) on Dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a server that is stopping: the system cleans temp up
        }
    }
}

internal sealed class Authority : IDisposable
{
    public Authority(string name, string pemPath, Authority? parent = null)
    {
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", Key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (parent is null)
        {
            Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        }
        else
        {
            // An intermediate CA: signed by the parent, with the parent's key identifier.
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(parent.Certificate, true, false));
            using var signed = request.Create(parent.Certificate, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddDays(20), Serial());
            Certificate = signed.CopyWithPrivateKey(Key);
        }
        PemPath = pemPath;
        File.WriteAllText(pemPath, Certificate.ExportCertificatePem());
    }

    public ECDsa Key { get; }
    public X509Certificate2 Certificate { get; }
    public string PemPath { get; }

    /// <summary>
    /// A server certificate with these DNS names and IP addresses, signed by this CA, with its
    /// key; valid from an hour ago for a week unless told otherwise.
    /// </summary>
    public X509Certificate2 Issue(string[] dnsNames, IPAddress[] addresses, string extendedKeyUsage = "1.3.6.1.5.5.7.3.1",
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (dnsNames.Length > 0 ? dnsNames[0] : addresses[0].ToString()), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var d in dnsNames) san.AddDnsName(d);
        foreach (var a in addresses) san.AddIpAddress(a);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        using var issued = request.Create(Certificate, notBefore ?? DateTimeOffset.UtcNow.AddHours(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(7), Serial());
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12 so the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    private static byte[] Serial()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        return serial;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}

/// <summary>
/// A minimal HTTPS responder on 127.0.0.1: each connection gets a TLS handshake with the given
/// certificate (and <paramref name="issuer"/> sent as its chain, when given), one HTTP/1.1
/// request is read, a chat completion is answered, the connection closes.
/// </summary>
internal sealed class HttpsResponder : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly SslStreamCertificateContext _context;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _handshakesFailed;
    private int _requestsAnswered;

    public HttpsResponder(X509Certificate2 certificate, X509Certificate2? issuer)
    {
        _context = SslStreamCertificateContext.Create(certificate, issuer is null ? new X509Certificate2Collection() : new X509Certificate2Collection(issuer), offline: true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }
    public int HandshakesFailed => Volatile.Read(ref _handshakesFailed);
    public int RequestsAnswered => Volatile.Read(ref _requestsAnswered);

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(() => Serve(tcp));
        }
    }

    private async Task Serve(TcpClient tcp)
    {
        using (tcp)
        using (var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, timeout.Token);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _handshakesFailed);
                return;
            }

            try
            {
                var head = new MemoryStream();
                var one = new byte[1];
                while (!EndsWithBlankLine(head))
                {
                    if (await ssl.ReadAsync(one, timeout.Token) == 0) return;
                    head.WriteByte(one[0]);
                }

                int length = 0;
                foreach (var line in Encoding.ASCII.GetString(head.ToArray()).Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }

                var body = new byte[length];
                await ssl.ReadExactlyAsync(body, timeout.Token);
                byte[] answer = Encoding.UTF8.GetBytes(
                    """{"id":"tls","object":"chat.completion","model":"tls-model","choices":[{"index":0,"message":{"role":"assistant","content":"over tls"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}""");
                byte[] head2 = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n");
                await ssl.WriteAsync(head2, timeout.Token);
                await ssl.WriteAsync(answer, timeout.Token);
                await ssl.FlushAsync(timeout.Token);
                Interlocked.Increment(ref _requestsAnswered);
                await ssl.ShutdownAsync();
            }
            catch (Exception)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private static bool EndsWithBlankLine(MemoryStream s)
    {
        if (s.Length < 4) return false;
        var b = s.GetBuffer();
        long n = s.Length;
        return b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }
}
