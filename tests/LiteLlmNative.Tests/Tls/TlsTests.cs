using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Client;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Tls;

/// <summary>
/// ca_file (a private CA for a self-hosted proxy) adds trusted roots and nothing else: without
/// it a private certificate is refused, with it accepted, and a name mismatch stays fatal.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("litellm-tls-");
    private readonly ITestOutputHelper _out;

    private readonly string _dir;

    public TlsTests(ITestOutputHelper output)
    {
        _out = output;
        _dir = _scratch.Path;
    }

    public void Dispose() => _scratch.Dispose();

    private LiteLlmClient Client(int port, string? caFile, string host = "127.0.0.1")
    {
        string ca = caFile is null ? "" : $$""","ca_file":{{System.Text.Json.JsonSerializer.Serialize(caFile, LiteLlmNative.Json.LiteLlmJsonContext.Default.String)}}""";
        return Api.CreateClient($$"""{"base_url":"https://{{host}}:{{port}}"{{ca}},"max_retries":0,"timeout_ms":10000}""");
    }

    /// <summary>One call, blocking or through the asynchronous API (its own TLS driver: SslStream's async path).</summary>
    private Outcome Call(LiteLlmClient client, string what, bool async = false)
    {
        var (outcome, ms) = Timed.Run(() => async ? Api.GenerateAsync(client, Requests.Hello()) : Api.Generate(client, Requests.Hello()));
        what += async ? " (async)" : "";
        _out.WriteLine($"{what}: {outcome.Status} after {ms} ms: {Contract.Cut(outcome.Json, 400)}");
        return outcome;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Private_ca_certificate_is_refused_without_ca_file(bool async)
    {
        using var ca = new Authority("Hardening Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, caFile: null);
        var e = Call(client, "no ca_file", async).AssertStatus(LiteLlmStatus.Network).Error;
        Assert.Equal(0, server.RequestsAnswered);
        Assert.Contains("network error", e.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Private_ca_certificate_is_accepted_with_ca_file(bool async)
    {
        using var ca = new Authority("Hardening Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca.PemPath);
        var doc = Call(client, "with ca_file", async).AssertOk().Doc;
        Assert.Equal("over tls", doc.GetProperty("content").GetString());
        Assert.Equal(1, server.RequestsAnswered);

        // And by host name, which the certificate also carries.
        using var byName = Client(server.Port, ca.PemPath, host: "localhost");
        Call(byName, "with ca_file, by name", async).AssertOk();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_chain_through_an_intermediate_the_server_sends_is_accepted_with_the_root_in_ca_file(bool async)
    {
        using var root = new Authority("Hardening Root CA", Path.Combine(_dir, "root.pem"));
        using var intermediate = new Authority("Hardening Issuing CA", Path.Combine(_dir, "issuing.pem"), root);
        using var cert = intermediate.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new HttpsResponder(cert, intermediate.Certificate); // sends leaf + intermediate
        using var client = Client(server.Port, root.PemPath);
        var doc = Call(client, "leaf + intermediate, root in ca_file", async).AssertOk().Doc;
        Assert.Equal("over tls", doc.GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_certificate_only_for_client_authentication_is_refused_through_ca_file_with_the_reason(bool async)
    {
        using var ca = new Authority("Hardening Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback], extendedKeyUsage: "1.3.6.1.5.5.7.3.2");
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca.PemPath);
        var outcome = Call(client, "clientAuth-only leaf", async).AssertStatus(LiteLlmStatus.Network);
        Assert.Equal(0, server.RequestsAnswered);
        Assert.Contains("not trusted by the system or ca_file", outcome.ErrorMessage);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ca_file_does_not_excuse_a_certificate_for_another_name(bool async)
    {
        using var ca = new Authority("Hardening Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["other.example"], []);
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca.PemPath);
        Call(client, "ca_file, certificate for other.example", async).AssertStatus(LiteLlmStatus.Network);
        Assert.Equal(0, server.RequestsAnswered);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ca_file_of_another_authority_does_not_make_the_certificate_trusted(bool async)
    {
        using var ca = new Authority("Hardening Test CA", Path.Combine(_dir, "ca.pem"));
        using var stranger = new Authority("Some Other CA", Path.Combine(_dir, "other-ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, stranger.PemPath);
        Call(client, "ca_file of another CA", async).AssertStatus(LiteLlmStatus.Network);
        Assert.Equal(0, server.RequestsAnswered);
    }

    [Fact]
    public void Ca_file_that_is_not_pem_is_invalid_argument_at_client_new()
    {
        string path = Path.Combine(_dir, "garbage.pem");
        File.WriteAllText(path, "not a certificate");
        var outcome = Api.TryCreateClient($$"""{"base_url":"https://127.0.0.1:1","ca_file":{{System.Text.Json.JsonSerializer.Serialize(path, LiteLlmNative.Json.LiteLlmJsonContext.Default.String)}}}""", out var client);
        client?.Dispose();
        _out.WriteLine(outcome.Json);
        Assert.Contains("ca_file", outcome.AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage);
    }

    /// <summary>
    /// A CONNECT-only forward proxy: records each CONNECT request, answers with
    /// <paramref name="status"/>, and on 200 pipes the connection to 127.0.0.1:<paramref name="targetPort"/>.
    /// </summary>
    private sealed class TunnelProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly int _targetPort;
        private readonly string _status;

        public TunnelProxy(int targetPort, string status = "200 Connection established")
        {
            _targetPort = targetPort;
            _status = status;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        public int Port { get; }
        public System.Collections.Concurrent.ConcurrentQueue<string> Heads { get; } = new();

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient tcp;
                try { tcp = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                _ = Task.Run(() => Serve(tcp));
            }
        }

        private async Task Serve(TcpClient tcp)
        {
            using (tcp)
            {
                try
                {
                    var client = tcp.GetStream();
                    var head = new MemoryStream();
                    var one = new byte[1];
                    while (!(head.Length >= 4 && head.GetBuffer()[head.Length - 1] == '\n' && head.GetBuffer()[head.Length - 3] == '\n'))
                    {
                        if (await client.ReadAsync(one, _stop.Token) == 0) return;
                        head.WriteByte(one[0]);
                    }
                    Heads.Enqueue(Encoding.ASCII.GetString(head.ToArray()));
                    await client.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {_status}\r\n\r\n"), _stop.Token);
                    if (!_status.StartsWith("200", StringComparison.Ordinal)) return;
                    using var target = new TcpClient();
                    await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                    var upstream = target.GetStream();
                    var up = client.CopyToAsync(upstream, _stop.Token);
                    var down = upstream.CopyToAsync(client, _stop.Token);
                    await Task.WhenAny(up, down);
                }
                catch (Exception)
                {
                    // a closed side ends the tunnel
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }

    private static LiteLlmClient ProxiedClient(int proxyPort, string caFile, string baseUrl) =>
        new(ClientSettingsFactory.Create(
            new LiteLlmNative.Json.ClientOptionsDocument { BaseUrl = baseUrl, CaFile = caFile, MaxRetries = 0, TimeoutMs = 10_000 },
            name => name == "HTTPS_PROXY" ? $"http://tunnel-user:tunnel-pass@127.0.0.1:{proxyPort}" : null));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Https_through_a_proxy_uses_a_CONNECT_tunnel_and_verifies_the_target_certificate_end_to_end(bool async)
    {
        using var ca = new Authority("Hardening Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["llm.internal.test"], []);
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var proxy = new TunnelProxy(server.Port);
        // The name never reaches DNS: the proxy is asked for it and connects to the responder.
        using var client = ProxiedClient(proxy.Port, ca.PemPath, $"https://llm.internal.test:{server.Port}");
        var doc = Call(client, "https via CONNECT", async).AssertOk().Doc;
        Assert.Equal("over tls", doc.GetProperty("content").GetString());
        Assert.True(proxy.Heads.TryPeek(out var head));
        Assert.StartsWith($"CONNECT llm.internal.test:{server.Port} HTTP/1.1\r\n", head);
        Assert.Contains("Proxy-Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("tunnel-user:tunnel-pass")), head);
        Assert.DoesNotContain("Authorization: Bearer", head); // the API key travels inside TLS only
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tunnel_to_a_name_the_certificate_does_not_carry_is_refused(bool async)
    {
        using var ca = new Authority("Hardening Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["llm.internal.test"], []);
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var proxy = new TunnelProxy(server.Port);
        using var client = ProxiedClient(proxy.Port, ca.PemPath, $"https://impostor.internal.test:{server.Port}");
        Call(client, "https via CONNECT, wrong name", async).AssertStatus(LiteLlmStatus.Network);
        Assert.Equal(0, server.RequestsAnswered);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_proxy_that_refuses_the_tunnel_is_a_network_error_with_its_answer(bool async)
    {
        using var ca = new Authority("Hardening Test CA", Path.Combine(_dir, "ca.pem"));
        using var proxy = new TunnelProxy(1, "407 Proxy Authentication Required");
        using var client = ProxiedClient(proxy.Port, ca.PemPath, "https://llm.internal.test:443");
        var outcome = Call(client, "CONNECT refused", async).AssertStatus(LiteLlmStatus.Network);
        Assert.Contains("refused the tunnel", outcome.ErrorMessage);
        Assert.Contains("407 Proxy Authentication Required", outcome.ErrorMessage);
    }
}
