using System.Security.Authentication;

namespace LiteLlmNative.Transport.Tls;

/// <summary>
/// Why OpenSSL refused the server's certificate, in words, with the name .NET gives the same
/// problem (<c>X509ChainStatusFlags</c>, <c>SslPolicyErrors</c>) so that messages read alike
/// on every platform.
/// </summary>
internal static unsafe class TlsRefusal
{
    // X509_V_ERR_* of x509_vfy.h (stable across OpenSSL 1.1 and 3).
    private const int UnableToGetIssuerCert = 2;
    private const int CertSignatureFailure = 7;
    private const int CertNotYetValid = 9;
    private const int CertHasExpired = 10;
    private const int DepthZeroSelfSignedCert = 18;
    private const int SelfSignedCertInChain = 19;
    private const int UnableToGetIssuerCertLocally = 20;
    private const int UnableToVerifyLeafSignature = 21;
    private const int InvalidCa = 24;
    private const int PathLengthExceeded = 25;
    private const int InvalidPurpose = 26;
    private const int CertUntrusted = 27;
    private const int CertRejected = 28;
    private const int HostnameMismatch = 62;
    private const int IpAddressMismatch = 64;

    public static AuthenticationException Of(long code, string host, bool hasCaFile)
    {
        if (code is HostnameMismatch or IpAddressMismatch)
        {
            return new AuthenticationException($"the server's certificate is not valid for the name \"{host}\" (RemoteCertificateNameMismatch)");
        }
        string reason = code switch
        {
            DepthZeroSelfSignedCert or SelfSignedCertInChain or CertUntrusted
                => "it does not lead to a trusted root (UntrustedRoot)",
            UnableToGetIssuerCertLocally or UnableToGetIssuerCert or UnableToVerifyLeafSignature
                => "it does not lead to a trusted root: an issuer is neither sent by the server nor trusted (PartialChain)",
            CertHasExpired => "a certificate of the chain has expired (NotTimeValid)",
            CertNotYetValid => "a certificate of the chain is not valid yet (NotTimeValid)",
            InvalidPurpose => "a certificate of the chain is not valid for server authentication: its extended key usage excludes it (NotValidForUsage)",
            CertSignatureFailure => "a signature of the chain does not verify (NotSignatureValid)",
            InvalidCa or PathLengthExceeded => "a certificate that is not allowed to issue others issued one (InvalidBasicConstraints)",
            CertRejected => "a certificate of the chain is marked as distrusted (ExplicitDistrust)",
            _ => $"{OpenSsl.Utf8(OpenSsl.X509_verify_cert_error_string((nint)code))} (OpenSSL X509_V_ERR {code})",
        };
        string by = hasCaFile ? "the system or ca_file" : "the system";
        return new AuthenticationException($"the server's certificate chain is not trusted by {by}: {reason}");
    }
}
