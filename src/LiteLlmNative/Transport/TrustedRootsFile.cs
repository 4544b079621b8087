using System;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LiteLlmNative.Transport;

/// <summary>
/// The <c>ca_file</c> option: a PEM bundle of private roots (a self-hosted proxy's CA) that a
/// server certificate may chain to, in addition to the system's trust store. Names and
/// validity are still checked: only the set of trusted roots grows.
/// </summary>
internal static class TrustedRootsFile
{
    private const int MaxFileBytes = 4 * 1024 * 1024;

    public static X509Certificate2Collection Load(string path, string field)
    {
        var roots = new X509Certificate2Collection();
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
            roots.ImportFromPem(System.Text.Encoding.UTF8.GetString(text, 0, total));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw LiteLlmException.InvalidArgument($"{field}: cannot read \"{path}\" as PEM certificates: {e.Message}");
        }
        if (roots.Count == 0)
        {
            throw LiteLlmException.InvalidArgument($"{field}: \"{path}\" holds no PEM certificate");
        }
        return roots;
    }

    /// <summary>
    /// The chain policy of every certificate check: nothing is downloaded while validating (no
    /// AIA intermediates, no CRL or OCSP), as with libcurl; the server sends its chain.
    /// </summary>
    public static X509ChainPolicy NoDownloadsPolicy() => new()
    {
        DisableCertificateDownloads = true,
        RevocationMode = X509RevocationMode.NoCheck,
    };

    /// <summary>Accepts what the system trusts, and chains that end at one of <paramref name="roots"/>.</summary>
    public static RemoteCertificateValidationCallback Validator(X509Certificate2Collection roots) =>
        (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true; // trusted by the system already
            // Anything but an untrusted chain (a name mismatch, no certificate) stays fatal.
            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
            using var chain = new X509Chain { ChainPolicy = NoDownloadsPolicy() };
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
        };
}
