using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiteLlmNative.Transport.Tls;

namespace LiteLlmNative.Transport;

/// <summary>
/// The <c>ca_file</c> option: a PEM bundle of private roots (a self-hosted proxy's CA) that a
/// server certificate may chain to, in addition to the system's trust store. Names and
/// validity are still checked: only the set of trusted roots grows.
/// </summary>
internal static class TrustedRootsFile
{
    private const int MaxFileBytes = 4 * 1024 * 1024;
    private const string CertificateLabel = "CERTIFICATE";

    /// <summary>Reads and parses the file once, for the life of the client.</summary>
    public static TrustedRoots Load(string path, string field)
    {
        var der = new List<byte[]>();
        try
        {
            // Bounded: a path like /dev/zero must be an error, not a read until memory runs out.
            using var file = File.OpenRead(path);
            var text = new byte[MaxFileBytes + 1];
            int total = 0, n;
            while (total < text.Length && (n = file.Read(text, total, text.Length - total)) > 0) total += n;
            if (total > MaxFileBytes)
            {
                throw LiteLlmException.InvalidArgument($"{field}: \"{path}\" is larger than {MaxFileBytes} bytes; a CA bundle is far smaller");
            }
            // Every CERTIFICATE block, as ImportFromPem reads them: other blocks (a key) and
            // text between blocks are skipped.
            ReadOnlySpan<char> pem = System.Text.Encoding.UTF8.GetString(text, 0, total);
            while (PemEncoding.TryFind(pem, out PemFields fields))
            {
                if (pem[fields.Label].SequenceEqual(CertificateLabel))
                {
                    der.Add(Convert.FromBase64String(pem[fields.Base64Data].ToString()));
                }
                pem = pem[fields.Location.End..];
            }
            if (der.Count == 0)
            {
                throw LiteLlmException.InvalidArgument($"{field}: \"{path}\" holds no PEM certificate");
            }
            return PlatformTls.IsUsed ? TrustedRoots.ParseWithPlatform(der) : TrustedRoots.ParseWithOpenSsl(der);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException or FormatException)
        {
            throw LiteLlmException.InvalidArgument($"{field}: cannot read \"{path}\" as PEM certificates: {e.Message}");
        }
    }

    // What follows serves the platform TLS stack (SslStream) where OpenSSL is not the
    // system's TLS library; on Linux the OpenSSL client (Tls/) checks certificates itself.

    /// <summary>
    /// The chain policy of every certificate check: nothing is downloaded while validating (no
    /// AIA intermediates, no CRL or OCSP), as with libcurl; the server sends its chain.
    /// </summary>
    public static X509ChainPolicy NoDownloadsPolicy() => new()
    {
        DisableCertificateDownloads = true,
        RevocationMode = X509RevocationMode.NoCheck,
    };

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    // Why a handshake's certificate was refused, by its SslStream, for the error message (the
    // callback can only say no).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, string> Rejections = new();

    /// <summary>The reason <see cref="Validator"/> gave for refusing the certificate of this handshake, if it did.</summary>
    public static string? RejectionOf(object sslStream) => Rejections.TryGetValue(sslStream, out var reason) ? reason : null;

    /// <summary>
    /// Accepts what the system trusts, and chains that end at one of <paramref name="roots"/>
    /// under the system path's policy: built with the intermediates the server sent, for
    /// server authentication (a certificate whose extended key usage excludes it is refused),
    /// host name checked by the TLS stack before this runs.
    /// </summary>
    public static RemoteCertificateValidationCallback Validator(X509Certificate2Collection roots) =>
        (sender, certificate, systemChain, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true; // trusted by the system already
            // Anything but an untrusted chain (a name mismatch, no certificate) stays fatal.
            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
            using var chain = new X509Chain { ChainPolicy = NoDownloadsPolicy() };
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
            if (systemChain is not null)
            {
                // The intermediates the server sent (the system's chain holds them).
                chain.ChainPolicy.ExtraStore.AddRange(systemChain.ChainPolicy.ExtraStore);
                foreach (var element in systemChain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            if (chain.Build(leaf)) return true;
            var reasons = new System.Text.StringBuilder();
            foreach (var status in chain.ChainStatus)
            {
                if (reasons.Length > 0) reasons.Append("; ");
                reasons.Append(status.StatusInformation.Trim());
            }
            Rejections.AddOrUpdate(sender, "the server's certificate chain is not trusted by the system or ca_file: "
                + (reasons.Length > 0 ? reasons.ToString() : "no chain to a trusted root"));
            return false;
        };
}
