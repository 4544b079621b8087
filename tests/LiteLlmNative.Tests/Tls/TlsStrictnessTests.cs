using System;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Client;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Tls;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Tls;

/// <summary>
/// The OpenSSL client refuses every certificate the platform's checks refused, by both ways of
/// trusting a root: a <c>ca_file</c>, and the system's trust (here a test directory, hashed
/// as <c>c_rehash</c> makes it, or a bundle file). Each refusal names its reason, and the
/// server never sees the request. The system lookup reads only the issuer a chain needs.
/// </summary>
public sealed class TlsStrictnessTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("litellm-tls-strict-");
    private readonly ITestOutputHelper _out;

    private readonly string _dir;

    public TlsStrictnessTests(ITestOutputHelper output)
    {
        _out = output;
        _dir = _scratch.Path;
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>How the test trusts its CA.</summary>
    public enum Trust
    {
        /// <summary>The CA as the client's ca_file; the system trust is the process's.</summary>
        CaFile,
        /// <summary>The CA in a hashed system directory (SSL_CERT_DIR's form), no ca_file.</summary>
        SystemDirectory,
        /// <summary>The CA in a system bundle file, next to a directory with no hashed names.</summary>
        SystemBundle,
    }

    private LiteLlmClient Client(int port, Authority trusted, Trust trust, string host = "localhost")
    {
        var uri = TransportSettings.JoinChatCompletions(new Uri($"https://{host}:{port}"));
        return trust switch
        {
            Trust.CaFile => new LiteLlmClient(new TransportSettings
            {
                ChatCompletionsUri = uri, MaxRetries = 0, TimeoutMs = 10_000,
                TrustedRoots = TrustedRootsFile.Load(trusted.PemPath, "$.ca_file"),
            }),
            Trust.SystemDirectory => new LiteLlmClient(new TransportSettings
            {
                ChatCompletionsUri = uri, MaxRetries = 0, TimeoutMs = 10_000,
                SystemTrust = new SystemTrust(HashedDirectory(trusted), Path.Combine(_dir, "no-such-bundle.pem")),
            }),
            _ => new LiteLlmClient(new TransportSettings
            {
                ChatCompletionsUri = uri, MaxRetries = 0, TimeoutMs = 10_000,
                SystemTrust = new SystemTrust(UnhashedDirectory(trusted), trusted.PemPath),
            }),
        };
    }

    /// <summary>A directory holding the CA as <c>&lt;subject-hash&gt;.0</c>, as OpenSSL looks it up.</summary>
    private string HashedDirectory(Authority ca)
    {
        string dir = Path.Combine(_dir, "hashed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.Copy(ca.PemPath, Path.Combine(dir, SubjectHash.Of(ca.Certificate) + ".0"));
        return dir;
    }

    /// <summary>A directory with certificates under their own names only (no hash links): not searchable.</summary>
    private string UnhashedDirectory(Authority ca)
    {
        string dir = Path.Combine(_dir, "plain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.Copy(ca.PemPath, Path.Combine(dir, "ca.pem"));
        return dir;
    }

    private Outcome Call(LiteLlmClient client, string what, bool async)
    {
        var (outcome, ms) = Timed.Run(() => async ? Api.GenerateAsync(client, Requests.Hello()) : Api.Generate(client, Requests.Hello()));
        _out.WriteLine($"{what}{(async ? " (async)" : "")}: {outcome.Status} after {ms} ms: {Contract.Cut(outcome.Json, 500)}");
        return outcome;
    }

    private void AssertRefused(HttpsResponder server, LiteLlmClient client, string what, bool async, string reason)
    {
        var outcome = Call(client, what, async).AssertStatus(LiteLlmStatus.Network);
        Assert.Contains(reason, outcome.ErrorMessage);
        Assert.Equal(0, server.RequestsAnswered);
    }

    public static TheoryData<Trust, bool> Ways()
    {
        var data = new TheoryData<Trust, bool>();
        foreach (Trust trust in Enum.GetValues<Trust>())
        {
            data.Add(trust, false);
            data.Add(trust, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_certificate_from_the_trusted_ca_is_accepted(Trust trust, bool async)
    {
        using var ca = new Authority("Strict Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca, trust);
        var doc = Call(client, $"trusted by {trust}", async).AssertOk().Doc;
        Assert.Equal("over tls", doc.GetProperty("content").GetString());
        // By address too: the certificate carries 127.0.0.1 as an IP address.
        using var byAddress = Client(server.Port, ca, trust, host: "127.0.0.1");
        Call(byAddress, $"trusted by {trust}, by address", async).AssertOk();
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void An_expired_certificate_is_refused(Trust trust, bool async)
    {
        using var ca = new Authority("Strict Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback], notBefore: DateTimeOffset.UtcNow.AddHours(-20), notAfter: DateTimeOffset.UtcNow.AddHours(-10));
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca, trust);
        AssertRefused(server, client, "expired leaf", async, "has expired (NotTimeValid)");
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_certificate_that_is_not_valid_yet_is_refused(Trust trust, bool async)
    {
        using var ca = new Authority("Strict Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback], notBefore: DateTimeOffset.UtcNow.AddDays(2), notAfter: DateTimeOffset.UtcNow.AddDays(3));
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca, trust);
        AssertRefused(server, client, "leaf valid from tomorrow", async, "not valid yet (NotTimeValid)");
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_certificate_for_another_name_is_refused(Trust trust, bool async)
    {
        using var ca = new Authority("Strict Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["other.example"], [IPAddress.Parse("127.0.0.2")]);
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca, trust);
        AssertRefused(server, client, "certificate for other.example", async, "not valid for the name \"localhost\" (RemoteCertificateNameMismatch)");
        // An address is matched against the certificate's addresses, never its names.
        using var byAddress = Client(server.Port, ca, trust, host: "127.0.0.1");
        AssertRefused(server, byAddress, "certificate for 127.0.0.2, asked for 127.0.0.1", async, "(RemoteCertificateNameMismatch)");
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_wildcard_covers_one_whole_label_only(Trust trust, bool async)
    {
        using var ca = new Authority("Strict Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["*host"], []); // a partial wildcard: never matches "localhost"
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca, trust);
        AssertRefused(server, client, "partial wildcard *host", async, "(RemoteCertificateNameMismatch)");
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_certificate_only_for_client_authentication_is_refused(Trust trust, bool async)
    {
        using var ca = new Authority("Strict Test CA", Path.Combine(_dir, "ca.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback], extendedKeyUsage: "1.3.6.1.5.5.7.3.2");
        using var server = new HttpsResponder(cert, ca.Certificate);
        using var client = Client(server.Port, ca, trust);
        AssertRefused(server, client, "clientAuth-only leaf", async, "not valid for server authentication: its extended key usage excludes it (NotValidForUsage)");
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_certificate_of_an_untrusted_root_is_refused(Trust trust, bool async)
    {
        using var trusted = new Authority("Strict Trusted CA", Path.Combine(_dir, "trusted.pem"));
        using var stranger = new Authority("Strict Stranger CA", Path.Combine(_dir, "stranger.pem"));
        using var cert = stranger.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new HttpsResponder(cert, stranger.Certificate);
        using var client = Client(server.Port, trusted, trust);
        AssertRefused(server, client, "leaf of an untrusted CA", async, "does not lead to a trusted root");
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_self_signed_server_certificate_is_refused(Trust trust, bool async)
    {
        using var trusted = new Authority("Strict Trusted CA", Path.Combine(_dir, "trusted.pem"));
        using var self = new Authority("localhost", Path.Combine(_dir, "self.pem")); // a CA certificate, for the name localhost
        using var cert = X509CertificateLoader.LoadPkcs12(self.Certificate.Export(X509ContentType.Pfx), null);
        using var server = new HttpsResponder(cert, null);
        using var client = Client(server.Port, trusted, trust);
        AssertRefused(server, client, "self-signed leaf", async, "does not lead to a trusted root (UntrustedRoot)");
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_chain_whose_intermediate_the_server_does_not_send_is_refused(Trust trust, bool async)
    {
        using var root = new Authority("Strict Root CA", Path.Combine(_dir, "root.pem"));
        using var intermediate = new Authority("Strict Issuing CA", Path.Combine(_dir, "issuing.pem"), root);
        using var cert = intermediate.Issue(["localhost"], [IPAddress.Loopback]);
        // Sent with its intermediate, the chain is trusted...
        using (var whole = new HttpsResponder(cert, intermediate.Certificate))
        using (var client = Client(whole.Port, root, trust))
        {
            Call(client, "leaf + intermediate", async).AssertOk();
        }
        // ...without it, nothing fetches it (no AIA): refused.
        using var server = new HttpsResponder(cert, null);
        using var refused = Client(server.Port, root, trust);
        AssertRefused(server, refused, "leaf without its intermediate", async, "does not lead to a trusted root: an issuer is neither sent by the server nor trusted (PartialChain)");
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void An_intermediate_alone_is_no_trust_anchor(Trust trust, bool async)
    {
        using var root = new Authority("Strict Root CA", Path.Combine(_dir, "root.pem"));
        using var intermediate = new Authority("Strict Issuing CA", Path.Combine(_dir, "issuing.pem"), root);
        using var cert = intermediate.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new HttpsResponder(cert, intermediate.Certificate);
        using var client = Client(server.Port, intermediate, trust); // trusts the intermediate, not the root
        AssertRefused(server, client, "only the intermediate trusted", async, "does not lead to a trusted root");
    }

    /// <summary>
    /// The system directory is searched by subject hash: other entries are never opened. Here
    /// every other entry is a FIFO with no writer, which blocks any reader that opens it: an
    /// eager load of the directory (or of the bundle file, also a FIFO) would hang, and is
    /// detected (the FIFOs are opened for writing after a while to set such a reader free).
    /// </summary>
    [Fact]
    public void The_system_directory_is_searched_by_subject_hash_and_nothing_else_is_read()
    {
        using var ca = new Authority("Strict Test CA", Path.Combine(_dir, "ca.pem"));
        using var other = new Authority("Some Other CA", Path.Combine(_dir, "other.pem"));
        using var cert = ca.Issue(["localhost"], [IPAddress.Loopback]);
        using var server = new HttpsResponder(cert, ca.Certificate);
        string dir = HashedDirectory(ca);
        string[] traps =
        [
            Path.Combine(dir, SubjectHash.Of(other.Certificate) + ".0"),
            Path.Combine(dir, "ffffffff.0"),
            Path.Combine(dir, "ca-certificates.crt"),
            Path.Combine(_dir, "bundle.pem"),
        ];
        foreach (string trap in traps) Assert.Equal(0, Fifo.Make(trap));
        using var client = new LiteLlmClient(new TransportSettings
        {
            ChatCompletionsUri = TransportSettings.JoinChatCompletions(new Uri($"https://localhost:{server.Port}")),
            MaxRetries = 0,
            TimeoutMs = 10_000,
            SystemTrust = new SystemTrust(dir, traps[^1]),
        });
        var call = Task.Run(() => Api.Generate(client, Requests.Hello()));
        bool finished = call.Wait(TimeSpan.FromSeconds(15));
        if (!finished)
        {
            foreach (string trap in traps) Fifo.Release(trap);
            call.Wait(TimeSpan.FromSeconds(5));
        }
        Assert.True(finished, "the call blocked: a file other than the issuer's was opened");
        call.Result.AssertOk();
    }

    /// <summary>OpenSSL's subject-name hash (X509_NAME_hash), the name of a hashed directory's entry.</summary>
    private static class SubjectHash
    {
        private delegate nint D2i(nint reuse, ref nint cursor, nint length);
        private delegate nuint Hash(nint x509);
        private delegate void Free(nint x509);

        public static string Of(X509Certificate2 certificate)
        {
            nint crypto = 0;
            foreach (string name in new[] { "libcrypto.so.3", "libcrypto.so.1.1" })
            {
                if (NativeLibrary.TryLoad(name, out crypto)) break;
            }
            Assert.NotEqual(0, crypto);
            var d2i = Marshal.GetDelegateForFunctionPointer<D2i>(NativeLibrary.GetExport(crypto, "d2i_X509"));
            var hash = Marshal.GetDelegateForFunctionPointer<Hash>(NativeLibrary.GetExport(crypto, "X509_subject_name_hash"));
            var free = Marshal.GetDelegateForFunctionPointer<Free>(NativeLibrary.GetExport(crypto, "X509_free"));
            byte[] der = certificate.RawData;
            var pin = GCHandle.Alloc(der, GCHandleType.Pinned);
            try
            {
                nint cursor = pin.AddrOfPinnedObject();
                nint x509 = d2i(0, ref cursor, der.Length);
                Assert.NotEqual(0, x509);
                try
                {
                    return ((uint)hash(x509)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
                }
                finally
                {
                    free(x509);
                }
            }
            finally
            {
                pin.Free();
            }
        }
    }

    private static class Fifo
    {
        [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
        private static extern int MakeFifo(string path, uint mode);

        public static int Make(string path) => MakeFifo(path, 0x1A4 /* 0644 */);

        /// <summary>Opens the FIFO for writing (without waiting), which lets a blocked reader's open return.</summary>
        public static void Release(string path)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    using var writer = new FileStream(path, FileMode.Open, FileAccess.Write);
                }
                catch (IOException)
                {
                }
            });
            Thread.Sleep(100);
        }
    }
}
