using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace LiteLlmNative.Transport.Tls;

/// <summary>
/// A TLS client connection over a stream, by OpenSSL with two memory BIOs: OpenSSL encrypts
/// and decrypts, this class moves the records between the BIOs and the inner stream, blocking
/// or asynchronously (the connection chooses per operation, as for plain HTTP). The server's
/// certificate is verified inside the handshake (see <see cref="TlsClientContext"/>); a
/// session of the client's <see cref="TlsSessionCache"/> is offered for resumption.
/// One operation at a time; <see cref="Dispose(bool)"/> may race one (an abort).
/// </summary>
internal sealed class TlsStream : Stream
{
    // Enough for a whole TLS record with its header: one inner read usually brings one.
    private const int CipherChunk = 17 * 1024;

    private readonly Stream _inner;
    private readonly SafeSslHandle _ssl;
    private readonly nint _input, _output; // memory BIOs, owned by the SSL
    private readonly TlsClientContext _context;
    private readonly TlsSessionCache? _sessions;
    private readonly string _host;
    private nint _offered; // the session _sessions last took from this connection

    private TlsStream(Stream inner, SafeSslHandle ssl, nint input, nint output, TlsClientContext context, string host, TlsSessionCache? sessions)
    {
        _inner = inner;
        _ssl = ssl;
        _input = input;
        _output = output;
        _context = context;
        _host = host;
        _sessions = sessions;
    }

    /// <summary>Whether the handshake resumed a session rather than making a new one.</summary>
    public bool Resumed { get; private set; }

    /// <summary>A client connection to <paramref name="host"/> (a name or an IP literal), ready for <see cref="AuthenticateAsync"/>.</summary>
    public static unsafe TlsStream Create(Stream inner, TlsClientContext context, string host, TlsSessionCache? sessions)
    {
        bool added = false;
        context.Handle.DangerousAddRef(ref added);
        try
        {
            OpenSsl.ERR_clear_error();
            nint ssl = OpenSsl.SSL_new(context.Handle.DangerousGetHandle());
            if (ssl == 0) throw new IOException("cannot start a TLS connection: " + OpenSsl.TakeErrors());
            var handle = new SafeSslHandle(ssl);
            nint input = OpenSsl.BIO_new(OpenSsl.BIO_s_mem());
            nint output = OpenSsl.BIO_new(OpenSsl.BIO_s_mem());
            if (input == 0 || output == 0)
            {
                // SSL_set_bio has not taken them: not freed with the SSL (one leaked BIO on an out-of-memory path).
                handle.Dispose();
                throw new IOException("cannot start a TLS connection: out of memory");
            }
            OpenSsl.SSL_set_bio(ssl, input, output);
            OpenSsl.SSL_set_connect_state(ssl);
            try
            {
                SetPeerName(ssl, host);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
            sessions?.ApplyTo(ssl);
            return new TlsStream(inner, handle, input, output, context, host, sessions);
        }
        finally
        {
            if (added) context.Handle.DangerousRelease();
        }
    }

    /// <summary>The name the certificate must carry (checked in the handshake), and SNI for a DNS name.</summary>
    private static unsafe void SetPeerName(nint ssl, string host)
    {
        byte[] name = System.Text.Encoding.ASCII.GetBytes(host + "\0");
        fixed (byte* p = name)
        {
            if (IPAddress.TryParse(host, out _))
            {
                // An address is matched against the certificate's IP addresses, never its names.
                if (OpenSsl.X509_VERIFY_PARAM_set1_ip_asc(OpenSsl.SSL_get0_param(ssl), p) != 1)
                {
                    throw new IOException($"cannot check a certificate for the address {host}");
                }
                return;
            }
            OpenSsl.SSL_ctrl(ssl, OpenSsl.SSL_CTRL_SET_TLSEXT_HOSTNAME, OpenSsl.TLSEXT_NAMETYPE_host_name, (nint)p);
            // A wildcard matches one whole label only ("*.example.com", never "w*.example.com").
            OpenSsl.X509_VERIFY_PARAM_set_hostflags(OpenSsl.SSL_get0_param(ssl), OpenSsl.X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            if (OpenSsl.SSL_set1_host(ssl, p) != 1) throw new IOException($"cannot check a certificate for the name {host}");
        }
    }

    /// <summary>Runs the handshake; a refused certificate is an <see cref="AuthenticationException"/> that says why.</summary>
    public async ValueTask AuthenticateAsync(bool async)
    {
        while (true)
        {
            int result = Handshake(out int error);
            // What the handshake produced goes out first, also an alert before a failure.
            await DrainAsync(async).ConfigureAwait(false);
            if (result == 1) break;
            if (error == OpenSsl.SSL_ERROR_WANT_READ)
            {
                if (await FillAsync(async).ConfigureAwait(false) == 0)
                {
                    throw new IOException("the server closed the connection during the TLS handshake");
                }
                continue;
            }
            throw HandshakeFailure(error);
        }
        Resumed = Query(Question.SessionReused) == 1;
        if (Resumed) _sessions?.CountResumed();
        NoteSession();
    }

    private Exception HandshakeFailure(int error)
    {
        string? errors = OpenSsl.TakeErrors();
        long verify = Query(Question.VerifyResult);
        if (verify != OpenSsl.X509_V_OK) return TlsRefusal.Of(verify, _host, _context.HasCaFile);
        return new AuthenticationException("the TLS handshake failed: " + (errors ?? $"OpenSSL error {error}"));
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        // Between answers nothing is buffered: wait for the server first, rather than make an
        // SSL_read that can only ask for more.
        if (NothingBuffered() && FillAsync(async: false).GetAwaiter().GetResult() == 0) return 0;
        while (true)
        {
            int n = Decrypt(buffer, out int error);
            NoteSession();
            if (n > 0) return n;
            if (error == OpenSsl.SSL_ERROR_ZERO_RETURN) return 0; // the server's close_notify
            if (error != OpenSsl.SSL_ERROR_WANT_READ && error != OpenSsl.SSL_ERROR_WANT_WRITE) throw ReadFailure(error);
            DrainAsync(async: false).GetAwaiter().GetResult();
            if (error == OpenSsl.SSL_ERROR_WANT_READ && FillAsync(async: false).GetAwaiter().GetResult() == 0) return 0;
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return new ValueTask<int>(0);
        if (NothingBuffered()) return ReadSlowAsync(buffer, OpenSsl.SSL_ERROR_WANT_READ);
        // Bytes already decrypted or buffered need no wait, and no state machine.
        int n = Decrypt(buffer.Span, out int error);
        NoteSession();
        if (n > 0) return new ValueTask<int>(n);
        if (error == OpenSsl.SSL_ERROR_ZERO_RETURN) return new ValueTask<int>(0);
        if (error != OpenSsl.SSL_ERROR_WANT_READ && error != OpenSsl.SSL_ERROR_WANT_WRITE) return ValueTask.FromException<int>(ReadFailure(error));
        return ReadSlowAsync(buffer, error);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadSlowAsync(Memory<byte> buffer, int error)
    {
        while (true)
        {
            await DrainAsync(async: true).ConfigureAwait(false);
            if (error == OpenSsl.SSL_ERROR_WANT_READ && await FillAsync(async: true).ConfigureAwait(false) == 0) return 0;
            int n = Decrypt(buffer.Span, out error);
            NoteSession();
            if (n > 0) return n;
            if (error == OpenSsl.SSL_ERROR_ZERO_RETURN) return 0;
            if (error != OpenSsl.SSL_ERROR_WANT_READ && error != OpenSsl.SSL_ERROR_WANT_WRITE) throw ReadFailure(error);
        }
    }

    private static IOException ReadFailure(int error) =>
        new("TLS error while reading: " + (OpenSsl.TakeErrors() ?? $"OpenSSL error {error}"));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Encrypt(buffer);
        DrainAsync(async: false).GetAwaiter().GetResult();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Encrypt(buffer.Span);
        return DrainAsync(async: true);
    }

    private unsafe void Encrypt(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty) return;
        // A memory BIO takes every record: the whole buffer is written, or the connection failed.
        int n, error;
        fixed (byte* p = buffer) n = Call(Operation.Write, p, buffer.Length, out error);
        if (n != buffer.Length) throw new IOException("TLS error while writing: " + (OpenSsl.TakeErrors() ?? $"OpenSSL error {error}"));
    }

    /// <summary>Whether neither OpenSSL nor the input BIO holds any of the server's bytes: an SSL_read would only ask for more.</summary>
    private unsafe bool NothingBuffered()
    {
        bool added = false;
        _ssl.DangerousAddRef(ref added);
        try
        {
            return OpenSsl.BioPending(_input) == 0 && OpenSsl.SSL_has_pending(_ssl.DangerousGetHandle()) == 0;
        }
        finally
        {
            if (added) _ssl.DangerousRelease();
        }
    }

    /// <summary>Sends what OpenSSL has written into the output BIO.</summary>
    private unsafe ValueTask DrainAsync(bool async)
    {
        while (true)
        {
            byte[]? chunk = null;
            int n;
            bool added = false;
            _ssl.DangerousAddRef(ref added);
            try
            {
                int pending = OpenSsl.BioPending(_output);
                if (pending <= 0) return default;
                chunk = ArrayPool<byte>.Shared.Rent(Math.Min(pending, CipherChunk));
                fixed (byte* p = chunk) n = OpenSsl.BIO_read(_output, p, Math.Min(pending, chunk.Length));
            }
            finally
            {
                if (added) _ssl.DangerousRelease();
            }
            if (n <= 0)
            {
                ArrayPool<byte>.Shared.Return(chunk);
                return default;
            }
            if (async) return SendAsync(chunk, n);
            try
            {
                _inner.Write(chunk, 0, n);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(byte[] chunk, int count)
    {
        try
        {
            await _inner.WriteAsync(chunk.AsMemory(0, count)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        await DrainAsync(async: true).ConfigureAwait(false);
    }

    /// <summary>Reads what the server sent into the input BIO; 0 at the end of the inner stream.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> FillAsync(bool async)
    {
        // Waiting holds no buffer: thousands of idle streams then cost no 17 KiB each.
        if (async) await _inner.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(CipherChunk);
        try
        {
            int n = async ? await _inner.ReadAsync(chunk.AsMemory(0, CipherChunk)).ConfigureAwait(false) : _inner.Read(chunk, 0, CipherChunk);
            if (n > 0) Feed(chunk, n);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private unsafe void Feed(byte[] chunk, int count)
    {
        bool added = false;
        _ssl.DangerousAddRef(ref added);
        try
        {
            int n;
            fixed (byte* p = chunk) n = OpenSsl.BIO_write(_input, p, count);
            if (n != count) throw new IOException("TLS error: cannot buffer the server's data");
        }
        finally
        {
            if (added) _ssl.DangerousRelease();
        }
    }

    /// <summary>
    /// Hands a new resumable session to the cache. TLS 1.3 tickets arrive after the handshake,
    /// some servers' only after their first answer (then the read that meets the close_notify
    /// or waits for more data processed them): every read looks, at the cost of a comparison.
    /// </summary>
    private unsafe void NoteSession()
    {
        if (_sessions is null) return;
        bool added = false;
        _ssl.DangerousAddRef(ref added);
        try
        {
            nint session = OpenSsl.SSL_get_session(_ssl.DangerousGetHandle());
            // Only a session the cache took is remembered: the cache's reference keeps its
            // address from being reused by a later session of this connection (OpenSSL
            // replaces the session object with each ticket, and malloc may hand a replacement
            // the address of a freed one).
            if (session == _offered) return;
            if (_sessions.Offer(session)) _offered = session;
        }
        finally
        {
            if (added) _ssl.DangerousRelease();
        }
    }

    private enum Operation { Handshake, Read, Write }

    private unsafe int Handshake(out int error) => Call(Operation.Handshake, null, 0, out error);

    private unsafe int Decrypt(Span<byte> buffer, out int error)
    {
        fixed (byte* p = buffer) return Call(Operation.Read, p, buffer.Length, out error);
    }

    /// <summary>One SSL call, with the connection kept alive for its duration (a dispose may race it).</summary>
    private unsafe int Call(Operation operation, byte* buffer, int length, out int error)
    {
        bool added = false;
        _ssl.DangerousAddRef(ref added);
        try
        {
            nint ssl = _ssl.DangerousGetHandle();
            // SSL_get_error reads the thread's error queue: it must hold only this call's errors.
            OpenSsl.ERR_clear_error();
            int result = operation switch
            {
                Operation.Handshake => OpenSsl.SSL_do_handshake(ssl),
                Operation.Read => OpenSsl.SSL_read(ssl, buffer, length),
                _ => OpenSsl.SSL_write(ssl, buffer, length),
            };
            error = result > 0 ? OpenSsl.SSL_ERROR_NONE : OpenSsl.SSL_get_error(ssl, result);
            return result;
        }
        finally
        {
            if (added) _ssl.DangerousRelease();
        }
    }

    private enum Question { SessionReused, VerifyResult }

    private unsafe long Query(Question question)
    {
        bool added = false;
        _ssl.DangerousAddRef(ref added);
        try
        {
            nint ssl = _ssl.DangerousGetHandle();
            return question == Question.SessionReused ? OpenSsl.SSL_session_reused(ssl) : OpenSsl.SSL_get_verify_result(ssl);
        }
        finally
        {
            if (added) _ssl.DangerousRelease();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ssl.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override void Flush() { } // every write is sent whole
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
