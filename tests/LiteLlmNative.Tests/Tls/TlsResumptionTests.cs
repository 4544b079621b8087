using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Http;
using LiteLlmNative.Transport.Tls;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Tls;

/// <summary>
/// TLS session resumption, proven by the server: <c>openssl s_server -www</c> answers each
/// request with a page that says whether the handshake was "New" or "Reused". A client's
/// reconnects resume (TLS 1.3 tickets, TLS 1.2 session ids); another client does not share
/// its sessions; a server whose certificate changed gets a full handshake, verified again.
/// </summary>
public sealed class TlsResumptionTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("litellm-tls-resume-");
    private readonly ITestOutputHelper _out;

    private readonly string _dir;

    public TlsResumptionTests(ITestOutputHelper output)
    {
        _out = output;
        _dir = _scratch.Path;
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>
    /// <c>openssl s_server -www</c> on 127.0.0.1, started and stopped by the test (its own
    /// process, ended by its id). Its status page names the session: "New, TLSv1.3, …" or
    /// "Reused, TLSv1.3, …".
    /// </summary>
    private sealed class StatusServer : IDisposable
    {
        private readonly Process _process;

        public StatusServer(string dir, X509Certificate2 certificate, int port, params string[] options)
        {
            string cert = Path.Combine(dir, $"server-{Guid.NewGuid():N}.pem");
            string key = cert + ".key";
            File.WriteAllText(cert, certificate.ExportCertificatePem());
            using (var ecdsa = certificate.GetECDsaPrivateKey()!) File.WriteAllText(key, ecdsa.ExportPkcs8PrivateKeyPem());
            var start = new ProcessStartInfo("openssl")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "s_server", "-accept", $"127.0.0.1:{port}", "-cert", cert, "-key", key, "-www", "-quiet" }) start.ArgumentList.Add(a);
            foreach (string a in options) start.ArgumentList.Add(a);
            _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start openssl s_server");
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            Port = port;
            // Ready when it accepts.
            var until = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException) when (until.ElapsedMilliseconds < 10_000 && !_process.HasExited)
                {
                    Thread.Sleep(20);
                }
            }
        }

        public int Port { get; }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(5000);
            _process.Dispose();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A pool as a client holds it: one per client and endpoint, with its session cache.</summary>
    private static ConnectionPool Pool(int port, Authority trusted) =>
        new(new HttpEndpoint(new Uri($"https://localhost:{port}/")), TrustedRootsFile.Load(trusted.PemPath, "$.ca_file"));

    /// <summary>One connection of <paramref name="pool"/>: GET /, the status page's session line.</summary>
    private async Task<string> Session(ConnectionPool pool, bool async)
    {
        using var connection = await pool.OpenAsync(Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10, _ => { }, async, CancellationToken.None);
        await connection.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"), async);
        var head = await connection.ReadHeadAsync(async);
        Assert.Equal(200, head.StatusCode);
        var page = new StringBuilder();
        while (true)
        {
            var step = connection.TryReadBody(out var piece);
            if (step == BodyStep.End) break;
            if (step == BodyStep.Piece)
            {
                page.Append(Encoding.ASCII.GetString(piece.Span));
                continue;
            }
            connection.Received(await connection.ReceiveAsync(async));
        }
        foreach (string line in page.ToString().Split('\n'))
        {
            if (line.StartsWith("New, ", StringComparison.Ordinal) || line.StartsWith("Reused, ", StringComparison.Ordinal))
            {
                _out.WriteLine($"s_server: {line.Trim()}");
                return line.Trim();
            }
        }
        throw new Xunit.Sdk.XunitException("no session line in the s_server page: " + page);
    }

    [Theory]
    [InlineData("-tls1_3", "TLSv1.3", false)]
    [InlineData("-tls1_3", "TLSv1.3", true)]
    [InlineData("-tls1_2 -no_ticket", "TLSv1.2", false)] // TLS 1.2 with session ids (no tickets)
    [InlineData("-tls1_2 -no_ticket", "TLSv1.2", true)]
    [InlineData("-tls1_2", "TLSv1.2", false)] // TLS 1.2 with tickets
    public async Task A_clients_reconnects_resume_its_session_and_the_server_says_so(string options, string protocol, bool async)
    {
        using var ca = new Authority("Resumption CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new StatusServer(_dir, cert, FreePort(), options.Split(' '));
        using var pool = Pool(server.Port, ca);
        Assert.StartsWith("New, " + protocol, await Session(pool, async));
        Assert.StartsWith("Reused, " + protocol, await Session(pool, async));
        Assert.StartsWith("Reused, " + protocol, await Session(pool, async));
        Assert.Equal(2, pool.ResumedHandshakes);

        // Sessions belong to the client that made them: another client starts anew.
        using var other = Pool(server.Port, ca);
        Assert.StartsWith("New, " + protocol, await Session(other, async));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_whose_certificate_changed_gets_a_full_handshake_that_is_verified_again(bool async)
    {
        using var ca = new Authority("Resumption CA", Path.Combine(_dir, "ca.pem"));
        using var stranger = new Authority("Stranger CA", Path.Combine(_dir, "stranger.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback]);
        int port = FreePort();
        using var pool = Pool(port, ca);
        using (var first = new StatusServer(_dir, cert, port))
        {
            Assert.StartsWith("New, ", await Session(pool, async));
            Assert.StartsWith("Reused, ", await Session(pool, async));
        }

        // The same address now presents a certificate of an untrusted CA. The client offers its
        // session; the new server cannot resume it, and the full handshake's check refuses.
        using (var impostor = new StatusServer(_dir, stranger.Issue(["localhost"], [IPAddress.Loopback]), port))
        {
            var refused = await Assert.ThrowsAsync<AuthenticationException>(() => Session(pool, async));
            _out.WriteLine("impostor: " + refused.Message);
            Assert.Contains("does not lead to a trusted root", refused.Message);
        }

        // And for a name the client did not ask for.
        using (var misnamed = new StatusServer(_dir, ca.Issue(["other.example"], []), port))
        {
            var refused = await Assert.ThrowsAsync<AuthenticationException>(() => Session(pool, async));
            _out.WriteLine("misnamed: " + refused.Message);
            Assert.Contains("RemoteCertificateNameMismatch", refused.Message);
        }

        // A new, trusted certificate: a full handshake, accepted.
        using (var renewed = new StatusServer(_dir, ca.Issue(["localhost"], [IPAddress.Loopback]), port))
        {
            Assert.StartsWith("New, ", await Session(pool, async));
            Assert.StartsWith("Reused, ", await Session(pool, async));
        }
        Assert.Equal(2, pool.ResumedHandshakes);
    }
}
