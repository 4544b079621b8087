using System;
using System.IO;
using System.Runtime.InteropServices;

namespace LiteLlmNative.Transport.Tls;

/// <summary>
/// The part of OpenSSL (libssl, libcrypto) the TLS client uses, bound at run time to the
/// copy the .NET runtime itself has loaded (same soname, so the same library in the process).
/// Resolved through <see cref="NativeLibrary"/> into function pointers: no marshalling stubs,
/// and only functions present under the same name in OpenSSL 1.1.1 and 3.x. Everything here is
/// Linux only; other systems keep the platform's TLS (see <c>HttpConnection</c>).
/// </summary>
internal static unsafe class OpenSsl
{
    // Macros of ssl.h that are SSL_ctrl / SSL_CTX_ctrl calls.
    public const int SSL_CTRL_MODE = 33;
    public const int SSL_CTRL_SET_SESS_CACHE_MODE = 44;
    public const int SSL_CTRL_SET_TLSEXT_HOSTNAME = 55;
    public const int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
    public const int TLSEXT_NAMETYPE_host_name = 0;
    public const int TLS1_2_VERSION = 0x0303;
    public const int SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 0x2;
    public const int SSL_MODE_AUTO_RETRY = 0x4;
    public const int SSL_SESS_CACHE_OFF = 0;
    public const int SSL_VERIFY_PEER = 1;

    public const int SSL_ERROR_NONE = 0;
    public const int SSL_ERROR_SSL = 1;
    public const int SSL_ERROR_WANT_READ = 2;
    public const int SSL_ERROR_WANT_WRITE = 3;
    public const int SSL_ERROR_SYSCALL = 5;
    public const int SSL_ERROR_ZERO_RETURN = 6;

    public const int X509_L_FILE_LOAD = 1;
    public const int X509_L_ADD_DIR = 2;
    public const int X509_FILETYPE_PEM = 1;
    public const uint X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS = 0x4;
    public const int X509_V_OK = 0;

    private const int BIO_CTRL_PENDING = 10;

    // libssl
    public static readonly delegate* unmanaged<nint> TLS_client_method;
    public static readonly delegate* unmanaged<nint, nint> SSL_CTX_new;
    public static readonly delegate* unmanaged<nint, void> SSL_CTX_free;
    public static readonly delegate* unmanaged<nint, int, nint, nint, nint> SSL_CTX_ctrl;
    public static readonly delegate* unmanaged<nint, int, nint, void> SSL_CTX_set_verify;
    public static readonly delegate* unmanaged<nint, byte*, uint, int> SSL_CTX_set_alpn_protos;
    public static readonly delegate* unmanaged<nint, int, void> SSL_CTX_set_quiet_shutdown;
    public static readonly delegate* unmanaged<nint, nint> SSL_CTX_get_cert_store;
    public static readonly delegate* unmanaged<nint, nint> SSL_new;
    public static readonly delegate* unmanaged<nint, void> SSL_free;
    public static readonly delegate* unmanaged<nint, nint, nint, void> SSL_set_bio;
    public static readonly delegate* unmanaged<nint, void> SSL_set_connect_state;
    public static readonly delegate* unmanaged<nint, int> SSL_do_handshake;
    public static readonly delegate* unmanaged<nint, byte*, int, int> SSL_read;
    public static readonly delegate* unmanaged<nint, byte*, int, int> SSL_write;
    public static readonly delegate* unmanaged<nint, int, int> SSL_get_error;
    public static readonly delegate* unmanaged<nint, int> SSL_shutdown;
    public static readonly delegate* unmanaged<nint, int, nint, nint, nint> SSL_ctrl;
    public static readonly delegate* unmanaged<nint, byte*, int> SSL_set1_host;
    public static readonly delegate* unmanaged<nint, nint> SSL_get0_param;
    public static readonly delegate* unmanaged<nint, nint> SSL_get_verify_result;
    public static readonly delegate* unmanaged<nint, nint> SSL_get_session;
    public static readonly delegate* unmanaged<nint, nint, int> SSL_set_session;
    public static readonly delegate* unmanaged<nint, int> SSL_session_reused;
    public static readonly delegate* unmanaged<nint, int> SSL_has_pending;
    public static readonly delegate* unmanaged<nint, int> SSL_SESSION_up_ref;
    public static readonly delegate* unmanaged<nint, void> SSL_SESSION_free;
    public static readonly delegate* unmanaged<nint, int> SSL_SESSION_is_resumable;

    // libcrypto
    public static readonly delegate* unmanaged<nint> BIO_s_mem;
    public static readonly delegate* unmanaged<nint, nint> BIO_new;
    public static readonly delegate* unmanaged<nint, int, nint, nint, nint> BIO_ctrl;
    public static readonly delegate* unmanaged<nint, byte*, int, int> BIO_read;
    public static readonly delegate* unmanaged<nint, byte*, int, int> BIO_write;
    public static readonly delegate* unmanaged<nint> X509_LOOKUP_hash_dir;
    public static readonly delegate* unmanaged<nint> X509_LOOKUP_file;
    public static readonly delegate* unmanaged<nint, nint, nint> X509_STORE_add_lookup;
    public static readonly delegate* unmanaged<nint, int, byte*, nint, nint, int> X509_LOOKUP_ctrl;
    public static readonly delegate* unmanaged<nint, nint, int> X509_STORE_add_cert;
    public static readonly delegate* unmanaged<nint, byte**, nint, nint> d2i_X509;
    public static readonly delegate* unmanaged<nint, void> X509_free;
    public static readonly delegate* unmanaged<byte*> X509_get_default_cert_dir;
    public static readonly delegate* unmanaged<byte*> X509_get_default_cert_file;
    public static readonly delegate* unmanaged<nint, byte*, int> X509_VERIFY_PARAM_set1_ip_asc;
    public static readonly delegate* unmanaged<nint, uint, void> X509_VERIFY_PARAM_set_hostflags;
    public static readonly delegate* unmanaged<nint, byte*> X509_verify_cert_error_string;
    public static readonly delegate* unmanaged<nuint> ERR_get_error;
    public static readonly delegate* unmanaged<void> ERR_clear_error;
    public static readonly delegate* unmanaged<nuint, byte*, nuint, void> ERR_error_string_n;

    /// <summary>Why OpenSSL could not be bound, or null when it was.</summary>
    private static readonly string? s_unavailable;

    static OpenSsl()
    {
        // The sonames the runtime itself tries, newest first.
        nint ssl = 0, crypto = 0;
        foreach (string version in (ReadOnlySpan<string>)["3", "1.1"])
        {
            if (NativeLibrary.TryLoad("libssl.so." + version, out ssl) && NativeLibrary.TryLoad("libcrypto.so." + version, out crypto)) break;
            ssl = crypto = 0;
        }
        if (ssl == 0)
        {
            s_unavailable = "https needs OpenSSL (libssl.so.3 or libssl.so.1.1), which cannot be loaded";
            return;
        }
        try
        {
            TLS_client_method = (delegate* unmanaged<nint>)NativeLibrary.GetExport(ssl, "TLS_client_method");
            SSL_CTX_new = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(ssl, "SSL_CTX_new");
            SSL_CTX_free = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(ssl, "SSL_CTX_free");
            SSL_CTX_ctrl = (delegate* unmanaged<nint, int, nint, nint, nint>)NativeLibrary.GetExport(ssl, "SSL_CTX_ctrl");
            SSL_CTX_set_verify = (delegate* unmanaged<nint, int, nint, void>)NativeLibrary.GetExport(ssl, "SSL_CTX_set_verify");
            SSL_CTX_set_alpn_protos = (delegate* unmanaged<nint, byte*, uint, int>)NativeLibrary.GetExport(ssl, "SSL_CTX_set_alpn_protos");
            SSL_CTX_set_quiet_shutdown = (delegate* unmanaged<nint, int, void>)NativeLibrary.GetExport(ssl, "SSL_CTX_set_quiet_shutdown");
            SSL_CTX_get_cert_store = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(ssl, "SSL_CTX_get_cert_store");
            SSL_new = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(ssl, "SSL_new");
            SSL_free = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(ssl, "SSL_free");
            SSL_set_bio = (delegate* unmanaged<nint, nint, nint, void>)NativeLibrary.GetExport(ssl, "SSL_set_bio");
            SSL_set_connect_state = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(ssl, "SSL_set_connect_state");
            SSL_do_handshake = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(ssl, "SSL_do_handshake");
            SSL_read = (delegate* unmanaged<nint, byte*, int, int>)NativeLibrary.GetExport(ssl, "SSL_read");
            SSL_write = (delegate* unmanaged<nint, byte*, int, int>)NativeLibrary.GetExport(ssl, "SSL_write");
            SSL_get_error = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(ssl, "SSL_get_error");
            SSL_shutdown = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(ssl, "SSL_shutdown");
            SSL_ctrl = (delegate* unmanaged<nint, int, nint, nint, nint>)NativeLibrary.GetExport(ssl, "SSL_ctrl");
            SSL_set1_host = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(ssl, "SSL_set1_host");
            SSL_get0_param = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(ssl, "SSL_get0_param");
            SSL_get_verify_result = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(ssl, "SSL_get_verify_result");
            SSL_get_session = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(ssl, "SSL_get_session");
            SSL_set_session = (delegate* unmanaged<nint, nint, int>)NativeLibrary.GetExport(ssl, "SSL_set_session");
            SSL_session_reused = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(ssl, "SSL_session_reused");
            SSL_has_pending = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(ssl, "SSL_has_pending");
            SSL_SESSION_up_ref = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(ssl, "SSL_SESSION_up_ref");
            SSL_SESSION_free = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(ssl, "SSL_SESSION_free");
            SSL_SESSION_is_resumable = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(ssl, "SSL_SESSION_is_resumable");

            BIO_s_mem = (delegate* unmanaged<nint>)NativeLibrary.GetExport(crypto, "BIO_s_mem");
            BIO_new = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(crypto, "BIO_new");
            BIO_ctrl = (delegate* unmanaged<nint, int, nint, nint, nint>)NativeLibrary.GetExport(crypto, "BIO_ctrl");
            BIO_read = (delegate* unmanaged<nint, byte*, int, int>)NativeLibrary.GetExport(crypto, "BIO_read");
            BIO_write = (delegate* unmanaged<nint, byte*, int, int>)NativeLibrary.GetExport(crypto, "BIO_write");
            X509_LOOKUP_hash_dir = (delegate* unmanaged<nint>)NativeLibrary.GetExport(crypto, "X509_LOOKUP_hash_dir");
            X509_LOOKUP_file = (delegate* unmanaged<nint>)NativeLibrary.GetExport(crypto, "X509_LOOKUP_file");
            X509_STORE_add_lookup = (delegate* unmanaged<nint, nint, nint>)NativeLibrary.GetExport(crypto, "X509_STORE_add_lookup");
            X509_LOOKUP_ctrl = (delegate* unmanaged<nint, int, byte*, nint, nint, int>)NativeLibrary.GetExport(crypto, "X509_LOOKUP_ctrl");
            X509_STORE_add_cert = (delegate* unmanaged<nint, nint, int>)NativeLibrary.GetExport(crypto, "X509_STORE_add_cert");
            d2i_X509 = (delegate* unmanaged<nint, byte**, nint, nint>)NativeLibrary.GetExport(crypto, "d2i_X509");
            X509_free = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(crypto, "X509_free");
            X509_get_default_cert_dir = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(crypto, "X509_get_default_cert_dir");
            X509_get_default_cert_file = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(crypto, "X509_get_default_cert_file");
            X509_VERIFY_PARAM_set1_ip_asc = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(crypto, "X509_VERIFY_PARAM_set1_ip_asc");
            X509_VERIFY_PARAM_set_hostflags = (delegate* unmanaged<nint, uint, void>)NativeLibrary.GetExport(crypto, "X509_VERIFY_PARAM_set_hostflags");
            X509_verify_cert_error_string = (delegate* unmanaged<nint, byte*>)NativeLibrary.GetExport(crypto, "X509_verify_cert_error_string");
            ERR_get_error = (delegate* unmanaged<nuint>)NativeLibrary.GetExport(crypto, "ERR_get_error");
            ERR_clear_error = (delegate* unmanaged<void>)NativeLibrary.GetExport(crypto, "ERR_clear_error");
            ERR_error_string_n = (delegate* unmanaged<nuint, byte*, nuint, void>)NativeLibrary.GetExport(crypto, "ERR_error_string_n");
        }
        catch (EntryPointNotFoundException e)
        {
            s_unavailable = "https needs OpenSSL 1.1.1 or later: " + e.Message;
        }
    }

    /// <summary>Throws, naming the problem, when OpenSSL is not usable in this process.</summary>
    public static void EnsureAvailable()
    {
        if (s_unavailable is not null) throw new IOException(s_unavailable);
    }

    /// <summary>BIO_pending: the bytes a memory BIO holds.</summary>
    public static int BioPending(nint bio) => (int)BIO_ctrl(bio, BIO_CTRL_PENDING, 0, 0);

    /// <summary>Takes (and clears) the thread's OpenSSL error queue as text, or null when it is empty.</summary>
    public static string? TakeErrors()
    {
        string? text = null;
        byte* buffer = stackalloc byte[256];
        for (nuint code; (code = ERR_get_error()) != 0;)
        {
            ERR_error_string_n(code, buffer, 256);
            string one = Marshal.PtrToStringUTF8((nint)buffer) ?? "";
            text = text is null ? one : text + "; " + one;
        }
        return text;
    }

    public static string? Utf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);
}
