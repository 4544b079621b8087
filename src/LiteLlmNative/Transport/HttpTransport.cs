using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Transport.Http;
using LiteLlmNative.Buffers;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Transport;

/// <summary>
/// One client's HTTP: a pooled keep-alive connection set, the per-attempt timeout, and the retry
/// loop of docs/configuration.md#retries, for blocking and asynchronous calls alike (one code path, two drivers: see
/// <see cref="SendAsync"/>). A blocking call runs on the caller's thread over blocking sockets
/// (a thread-pool hop per call costs latency), its deadline bounding each step through socket
/// timeouts; an asynchronous one holds no thread. A cancel aborts the connection in use.
/// </summary>
internal sealed class HttpTransport : IDisposable
{
    private readonly ConnectionPool _pool;
    private readonly RequestHead _head;

    public HttpTransport(TransportSettings settings)
    {
        Settings = settings;
        Redactor = new SecretRedactor(SecretsOf(settings));
        var endpoint = new HttpEndpoint(settings.ChatCompletionsUri, settings.Proxy);
        _head = new RequestHead(endpoint, "liblitellm/" + LiteLlmVersion.Text, settings.ApiKey, settings.Headers);
        _pool = new ConnectionPool(endpoint, settings.TrustedRoots, settings.SystemTrust);
    }

    public TransportSettings Settings { get; }

    /// <summary>
    /// Every secret the client holds: the API key, the values of secret-bearing headers (and
    /// the credentials inside an Authorization-style value), the proxy's credentials.
    /// </summary>
    private static List<string> SecretsOf(TransportSettings settings)
    {
        var secrets = new List<string> { settings.ApiKey };
        foreach (var (name, value) in settings.Headers) SecretRedactor.AddHeaderSecrets(secrets, name, value);
        if (settings.Proxy?.Authorization is { } proxy && proxy.IndexOf(' ') is var sp and > 0)
        {
            string encoded = proxy[(sp + 1)..];
            secrets.Add(encoded);
            try
            {
                string credentials = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                secrets.Add(credentials);
                int colon = credentials.IndexOf(':');
                if (colon >= 0 && colon < credentials.Length - 1) secrets.Add(credentials[(colon + 1)..]);
            }
            catch (FormatException)
            {
                // not base64: the encoded form is all there is
            }
        }
        return secrets;
    }

    public SecretRedactor Redactor { get; }

    /// <summary>
    /// Posts <paramref name="body"/> until an attempt succeeds, the retries are spent or the host
    /// cancels. <paramref name="onSuccess"/> reads a 2xx response; it runs under the attempt's
    /// timeout, and an I/O failure inside it is retried unless it marked the attempt committed.
    /// With <paramref name="async"/> false every step blocks the calling thread (and the task
    /// returned has completed); with true none does: the socket engine's completions, the
    /// attempt's timer and the back-off timer carry the call on.
    /// </summary>
    public ValueTask<T> SendAsync<T>(
        in CallSettings call,
        ReadOnlySpan<byte> body,
        Func<HttpResponse, AttemptContext, bool, ValueTask<T>> onSuccess,
        bool async,
        CancellationToken cancel) => SendAsync(_head, call, body, onSuccess, async, cancel);

    /// <summary>
    /// A request head for another route of the same server (<paramref name="target"/> differs from
    /// the chat-completions URI in its path only), so that its calls share this client's pool,
    /// key, headers, retries and timeouts.
    /// </summary>
    public RequestHead RouteTo(Uri target, string method) =>
        new(new HttpEndpoint(target, Settings.Proxy), "liblitellm/" + LiteLlmVersion.Text, Settings.ApiKey, Settings.Headers, method);

    /// <summary>As the chat-completions <see cref="SendAsync{T}(in CallSettings, ReadOnlySpan{byte}, Func{HttpResponse, AttemptContext, bool, ValueTask{T}}, bool, CancellationToken)"/>, to the route of <paramref name="head"/> (see <see cref="RouteTo"/>).</summary>
    public ValueTask<T> SendAsync<T>(
        RequestHead head,
        in CallSettings call,
        ReadOnlySpan<byte> body,
        Func<HttpResponse, AttemptContext, bool, ValueTask<T>> onSuccess,
        bool async,
        CancellationToken cancel)
    {
        var request = new PooledBuffer(body.Length + 1024);
        try
        {
            // One id for the call, in every attempt's head: the request is written once and resent.
            head.Write(request, body.Length, call.Headers, call.RequestId ?? Guid.NewGuid().ToString());
            body.CopyTo(request.GetSpan(body.Length));
            request.Advance(body.Length);
        }
        catch
        {
            request.Dispose();
            throw;
        }
        if (!async) return SendCoreAsync(call, request.WrittenMemory, request, onSuccess, async, cancel);
        // An asynchronous call keeps its request for its whole life (retries resend it): an
        // exact copy, not a pooled buffer of the next power of two, times thousands of calls.
        byte[] exact = request.WrittenSpan.ToArray();
        request.Dispose();
        return SendCoreAsync(call, exact, null, onSuccess, async, cancel);
    }

    private async ValueTask<T> SendCoreAsync<T>(
        CallSettings call,
        ReadOnlyMemory<byte> request,
        PooledBuffer? owner,
        Func<HttpResponse, AttemptContext, bool, ValueTask<T>> onSuccess,
        bool async,
        CancellationToken cancel)
    {
        using var requestBuffer = owner;
        var redactor = Redactor.With(call.Secrets); // the request's own secret headers too
        int maxRetries = call.MaxRetries ?? Settings.MaxRetries;
        long timeoutMs = call.TimeoutMs ?? Settings.TimeoutMs;
        long idleMs = call.IdleTimeoutMs ?? Settings.IdleTimeoutMs ?? 0;
        for (int number = 1; ; number++)
        {
            var attempt = new AttemptContext(number);
            long attemptStarted = Stopwatch.GetTimestamp();
            int? httpStatus = null;
            LiteLlmError failure;
            bool retryable;
            TimeSpan? serverDelay = null;
            // The attempt's deadline bounds every blocking connect, read and write through the
            // socket's own timeouts (no timer per blocking call); an asynchronous attempt has
            // one timer that aborts it. Only the host's cancel needs another thread.
            bool unbounded = timeoutMs >= long.MaxValue / Stopwatch.Frequency;
            long deadline = unbounded ? long.MaxValue : attemptStarted + timeoutMs * Stopwatch.Frequency / 1000;
            // The idle limit: a blocking read's socket timeout, or for an asynchronous attempt a
            // timer restarted before each read.
            CancellationTokenSource? idleTimer = async && idleMs > 0 ? new CancellationTokenSource() : null;
            var exchange = new HttpExchange
            {
                IdleTimeoutMs = idleMs,
                IdleKick = idleTimer is null ? null : starting => Restart(idleTimer, starting ? idleMs : Timeout.Infinite),
            };
            CancellationTokenRegistration idleUp = idleTimer is null ? default
                : idleTimer.Token.UnsafeRegister(static e => ((HttpExchange)e!).IdleOut(), exchange);
            HttpResponse? response = null;
            // Neither blocking nor pending socket operations take a token: the registration
            // aborts the connection instead.
            var abort = cancel.UnsafeRegister(static e => ((HttpExchange)e!).Abort(), exchange);
            CancellationTokenSource? timer = null;
            CancellationTokenRegistration timeUp = default;
            if (async && !unbounded)
            {
                timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(timeoutMs));
                timeUp = timer.Token.UnsafeRegister(static e => ((HttpExchange)e!).TimeOut(), exchange);
            }
            try
            {
                cancel.ThrowIfCancellationRequested();
                response = await exchange.SendAsync(_pool, request, deadline, async, cancel).ConfigureAwait(false);
                httpStatus = response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    T result = await onSuccess(response, attempt, async).ConfigureAwait(false);
                    TransportLog.Attempt(call, attempt, attemptStarted, null, httpStatus, redactor);
                    return result;
                }
                failure = await HttpStatusFailureAsync(response, async).ConfigureAwait(false);
                retryable = RetryPolicy.ShouldRetry(response.Head, failure);
                serverDelay = RetryPolicy.ServerRequestedDelay(response.Head, DateTimeOffset.UtcNow);
            }
            catch (LiteLlmException e)
            {
                var error = cancel.IsCancellationRequested ? Cancelled() : e.Error;
                TransportLog.Attempt(call, attempt, attemptStarted, error, httpStatus, redactor);
                throw Finish(WithPartial(error, attempt), number, false, call);
            }
            catch (Exception e) when (IsTransportFailure(e))
            {
                if (cancel.IsCancellationRequested)
                {
                    var cancelled = Cancelled();
                    TransportLog.Attempt(call, attempt, attemptStarted, cancelled, httpStatus, redactor);
                    throw Finish(WithPartial(cancelled, attempt), number, false, call);
                }
                failure = exchange.IdleTimedOut
                    ? new LiteLlmError(LiteLlmStatus.Timeout, $"the server sent nothing for {idleMs} ms (idle_timeout_ms)")
                    : exchange.TimedOut || IsTimeout(e, deadline)
                    ? new LiteLlmError(LiteLlmStatus.Timeout, $"request timed out after {timeoutMs} ms")
                    : new LiteLlmError(LiteLlmStatus.Network, NetworkMessage(e));
                WithPartial(failure, attempt);
                retryable = true;
            }
            finally
            {
                // First the registration and the timer, then the connection goes back to the
                // pool: a late cancel or timeout must never abort a connection that another
                // call has taken (Detach makes sure of it).
                abort.Dispose();
                timeUp.Dispose();
                timer?.Dispose();
                idleUp.Dispose();
                idleTimer?.Dispose();
                exchange.Detach();
                response?.Dispose();
            }

            TransportLog.Attempt(call, attempt, attemptStarted, failure, httpStatus, redactor);
            if (serverDelay is { } requested)
            {
                failure.RetryAfterMs = (long)Math.Ceiling(requested.TotalMilliseconds);
            }
            if (!retryable || attempt.Committed || number > maxRetries)
            {
                throw Finish(failure, number, retryable, call);
            }
            if (serverDelay > Settings.RetryAfterCap)
            {
                failure.Message += $" (the server asked to wait {failure.RetryAfterMs} ms, more than the {Settings.RetryAfterCap.TotalSeconds:0} s this library waits)";
                throw Finish(failure, number, retryable, call);
            }
            TimeSpan delay = serverDelay ?? RetryPolicy.Backoff(number - 1, Settings.BackoffBase, Settings.BackoffCap);
            TransportLog.Retry(call, number, delay, serverDelay is not null, redactor.Redact(failure.Message)!, redactor);
            // A back-off or Retry-After wait: a timer for an asynchronous call, forced to yield so
            // that the call goes on on a pool thread even when a cancel completes the wait.
            if (async) await Task.Delay(delay, cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
            if (async ? cancel.IsCancellationRequested : cancel.WaitHandle.WaitOne(delay))
            {
                throw Finish(Cancelled(), number, false, call);
            }
        }
    }

    private static void Restart(CancellationTokenSource idleTimer, long ms)
    {
        try
        {
            idleTimer.CancelAfter(ms == Timeout.Infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms));
        }
        catch (ObjectDisposedException)
        {
            // the attempt is over: its timer has nothing left to watch
        }
    }

    private static async ValueTask<LiteLlmError> HttpStatusFailureAsync(HttpResponse response, bool async)
    {
        int status = response.StatusCode;
        byte[] body;
        try
        {
            body = await ResponseBodyReader.ReadPrefixAsync(response, ErrorLimits.BodyBytes * 4, async).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            body = Array.Empty<byte>(); // the status is what matters; a lost body is not another error
        }
        var server = ServerError.Parse(body);
        string detail = server.Message ?? (response.ReasonPhrase.Length > 0 ? response.ReasonPhrase : "no message");
        if (status is >= 300 and < 400 && response.Head.Get("Location") is { } location)
        {
            // Redirects are not followed: the prompt and the key go to base_url and nowhere else.
            detail = $"the server redirects to {location}; this library does not follow redirects (set base_url to the final address)";
        }
        return new LiteLlmError(LiteLlmStatus.HttpStatus, $"litellm API error {status}: {detail}")
        {
            HttpStatus = status,
            Body = ErrorLimits.BodyText(body),
            ErrorType = server.Type,
            ErrorCode = server.Code,
            ServerRequestId = response.Head.Get("x-request-id"),
        };
    }

    /// <summary>A failure that is the deadline's doing: ours, a socket timeout, or any failure once the time is up.</summary>
    private static bool IsTimeout(Exception e, long deadline)
    {
        if (Stopwatch.GetTimestamp() >= deadline) return true;
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpTimeoutException) return true;
            if (x is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock }) return true;
        }
        return false;
    }

    private static bool IsTransportFailure(Exception e) =>
        e is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException;

    private static string NetworkMessage(Exception e)
    {
        string message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal)) message += ": " + inner.Message;
        }
        return "network error: " + message;
    }

    /// <summary>A failure after a stream delivered events keeps what arrived (docs/abi.md#streaming: partial_content).</summary>
    private static LiteLlmError WithPartial(LiteLlmError error, AttemptContext attempt)
    {
        if (attempt.Committed && attempt.PartialContent is { } partial && error.PartialContent is null)
        {
            string text = partial();
            // A stream refused at max_response_bytes would otherwise copy all of it into the
            // document. A margin is kept: the document redacts first and cuts after.
            error.PartialContent = ErrorLimits.CutChars(text, ErrorLimits.PartialContentChars + ErrorLimits.RedactionMargin);
        }
        return error;
    }

    private static LiteLlmError Cancelled() => new(LiteLlmStatus.Cancelled, "the call was cancelled");

    private static LiteLlmException Finish(LiteLlmError error, int attempts, bool retryable, in CallSettings call)
    {
        error.Attempts = attempts;
        error.Retryable = retryable;
        error.Model ??= call.Model;
        error.RequestId ??= call.RequestId;
        return new LiteLlmException(error);
    }

    public void Dispose() => _pool.Dispose();
}
