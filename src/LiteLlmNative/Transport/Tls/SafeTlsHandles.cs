using System;
using System.Runtime.InteropServices;

namespace LiteLlmNative.Transport.Tls;

// OpenSSL objects held by managed code. A SafeHandle's reference count is what makes a
// connection's disposal safe against a read still running on another thread (an abort racing
// a read): the object is freed when the last native call using it has returned.

/// <summary>An <c>SSL_CTX</c>: one trust configuration, shared by the connections that use it.</summary>
internal sealed unsafe class SafeSslContextHandle : SafeHandle
{
    public SafeSslContextHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        OpenSsl.SSL_CTX_free(handle);
        return true;
    }
}

/// <summary>An <c>SSL</c>: one connection's TLS state, with its two memory BIOs.</summary>
internal sealed unsafe class SafeSslHandle : SafeHandle
{
    public SafeSslHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        // With quiet shutdown set on the context this sends nothing; it marks the connection as
        // closed cleanly, which keeps its session resumable (SSL_free of a connection that was
        // not shut down takes its session out of use). After a fatal error it fails, and the
        // session is dropped, as it should be.
        OpenSsl.ERR_clear_error();
        OpenSsl.SSL_shutdown(handle);
        OpenSsl.SSL_free(handle); // and its BIOs
        OpenSsl.ERR_clear_error();
        return true;
    }
}

/// <summary>An <c>SSL_SESSION</c> (one reference to it).</summary>
internal sealed unsafe class SafeSslSessionHandle : SafeHandle
{
    public SafeSslSessionHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        OpenSsl.SSL_SESSION_free(handle);
        return true;
    }
}

/// <summary>An <c>X509</c> certificate (one reference to it).</summary>
internal sealed unsafe class SafeX509Handle : SafeHandle
{
    public SafeX509Handle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        OpenSsl.X509_free(handle);
        return true;
    }
}
