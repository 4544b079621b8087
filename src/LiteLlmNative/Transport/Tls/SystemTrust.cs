using System;
using System.IO;

namespace LiteLlmNative.Transport.Tls;

/// <summary>
/// Where the system keeps its trusted roots, as OpenSSL (and so curl) finds them:
/// <c>SSL_CERT_DIR</c> and <c>SSL_CERT_FILE</c> when set, else OpenSSL's built-in directory and
/// bundle file. A hashed directory (<c>&lt;subject-hash&gt;.N</c> names, made by
/// <c>c_rehash</c> / <c>update-ca-certificates</c>) is searched per issuer, only for the
/// certificates a chain needs, and what it loads stays in the trust store that asked; without
/// one (some distributions ship only a bundle) the bundle file is read whole, once per store.
/// </summary>
internal sealed record SystemTrust(string? Directories, string? File)
{
    private static SystemTrust? s_default;

    /// <summary>The process's system trust, from the environment or OpenSSL's defaults (read once).</summary>
    public static unsafe SystemTrust Default => s_default ??= new SystemTrust(
        NonEmpty(Environment.GetEnvironmentVariable("SSL_CERT_DIR")) ?? OpenSsl.Utf8(OpenSsl.X509_get_default_cert_dir()),
        NonEmpty(Environment.GetEnvironmentVariable("SSL_CERT_FILE")) ?? OpenSsl.Utf8(OpenSsl.X509_get_default_cert_file()));

    /// <summary>Adds the system's roots to an <c>X509_STORE</c>: a lookup by subject hash, or the bundle.</summary>
    public unsafe void AddTo(nint store)
    {
        if (Directories is not null && AnyHashed(Directories))
        {
            nint lookup = OpenSsl.X509_STORE_add_lookup(store, OpenSsl.X509_LOOKUP_hash_dir());
            if (lookup != 0) Control(lookup, OpenSsl.X509_L_ADD_DIR, Directories);
        }
        else if (File is not null)
        {
            nint lookup = OpenSsl.X509_STORE_add_lookup(store, OpenSsl.X509_LOOKUP_file());
            // A missing or unreadable bundle leaves the system trusting nothing, as with OpenSSL.
            if (lookup != 0) Control(lookup, OpenSsl.X509_L_FILE_LOAD, File);
        }
        OpenSsl.ERR_clear_error();
    }

    private static unsafe void Control(nint lookup, int command, string argument)
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes(argument + "\0");
        fixed (byte* p = text) OpenSsl.X509_LOOKUP_ctrl(lookup, command, p, OpenSsl.X509_FILETYPE_PEM, 0);
    }

    /// <summary>Whether one of the (':'-separated) directories holds a subject-hash name: reads names only, opens no file.</summary>
    private static bool AnyHashed(string directories)
    {
        foreach (string directory in directories.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                foreach (string path in Directory.EnumerateFiles(directory))
                {
                    if (IsHashName(Path.GetFileName(path.AsSpan()))) return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // not there, or not readable: not a usable directory
            }
        }
        return false;
    }

    /// <summary>OpenSSL's lookup name: 8 lowercase hex digits, '.', a decimal sequence number.</summary>
    private static bool IsHashName(ReadOnlySpan<char> name)
    {
        if (name.Length < 10 || name[8] != '.') return false;
        foreach (char c in name[..8])
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        foreach (char c in name[9..])
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        return true;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
