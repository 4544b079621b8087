using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LiteLlmNative.Transport.Tls;

/// <summary>
/// The certificates of a <c>ca_file</c>, parsed once when the client is made: as OpenSSL
/// objects on Linux (added to the client's trust store as they are), as
/// <see cref="X509Certificate2"/> elsewhere.
/// </summary>
internal sealed class TrustedRoots
{
    private TrustedRoots(SafeX509Handle[]? openSsl, X509Certificate2Collection? platform)
    {
        OpenSslCertificates = openSsl;
        PlatformCertificates = platform;
    }

    /// <summary>Linux: one reference to each certificate, held for the client's life.</summary>
    public SafeX509Handle[]? OpenSslCertificates { get; }

    /// <summary>Other systems: the roots for <see cref="TrustedRootsFile.Validator"/>.</summary>
    public X509Certificate2Collection? PlatformCertificates { get; }

    public int Count => OpenSslCertificates?.Length ?? PlatformCertificates!.Count;

    public static unsafe TrustedRoots ParseWithOpenSsl(List<byte[]> der)
    {
        OpenSsl.EnsureAvailable();
        var parsed = new SafeX509Handle[der.Count];
        for (int i = 0; i < der.Count; i++)
        {
            fixed (byte* start = der[i])
            {
                byte* p = start;
                OpenSsl.ERR_clear_error();
                nint x509 = OpenSsl.d2i_X509(0, &p, der[i].Length);
                if (x509 == 0 || p != start + der[i].Length)
                {
                    if (x509 != 0) OpenSsl.X509_free(x509);
                    foreach (var done in parsed) done?.Dispose();
                    throw new CryptographicException($"certificate {i + 1} is not a valid X.509 certificate ({OpenSsl.TakeErrors() ?? "trailing data"})");
                }
                parsed[i] = new SafeX509Handle(x509);
            }
        }
        return new TrustedRoots(parsed, null);
    }

    public static TrustedRoots ParseWithPlatform(List<byte[]> der)
    {
        var roots = new X509Certificate2Collection();
        foreach (byte[] one in der) roots.Add(X509CertificateLoader.LoadCertificate(one));
        return new TrustedRoots(null, roots);
    }
}
