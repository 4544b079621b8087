using System;

namespace LiteLlmNative.Transport.Tls;

/// <summary>
/// Which TLS stack serves https. On Linux the library drives OpenSSL itself (Tls/); elsewhere
/// the platform's <c>SslStream</c> does. A Linux NativeAOT build fixes <see cref="IsUsed"/> to
/// false (ILLink.Substitutions.Linux.xml), so SslStream and X509Chain are not compiled in.
/// </summary>
internal static class PlatformTls
{
    public static bool IsUsed => !OperatingSystem.IsLinux();
}
