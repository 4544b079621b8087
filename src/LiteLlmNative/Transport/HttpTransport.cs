using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;

namespace LiteLlmNative.Transport;

/// <summary>
/// One client's HTTP: a pooled keep-alive connection set, the per-attempt timeout, and the retry
/// loop of API.md §3. Calls are synchronous on the caller's thread: the ABI is synchronous and
/// a thread-pool hop per call costs latency; timeouts and cancellation abort the socket.
/// </summary>
internal sealed class HttpTransport : IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent = new("liblitellm", LiteLlmVersion.Text);
    private readonly HttpClient _client;

    public HttpTransport(TransportSettings settings, HttpMessageHandler? handler = null)
    {
        Settings = settings;
        Redactor = new SecretRedactor(settings.ApiKey);
        _client = new HttpClient(handler ?? CreateHandler(settings), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan, // per attempt, by our own token
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        var defaults = _client.DefaultRequestHeaders;
        defaults.UserAgent.Add(UserAgent);
        if (settings.ApiKey.Length > 0)
        {
            defaults.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        }
        foreach (var (name, value) in settings.Headers)
        {
            defaults.Remove(name);
            defaults.TryAddWithoutValidation(name, value);
        }
    }

    public TransportSettings Settings { get; }

    public SecretRedactor Redactor { get; }

    private static SocketsHttpHandler CreateHandler(TransportSettings settings) => new()
    {
        // Certificates are always verified; a ca_file adds trusted roots, it never turns checks off.
        SslOptions = settings.TrustedRoots is { } roots ? TrustedRootsFile.SslOptions(roots) : new(),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        // Recycle connections now and then so a DNS change behind a proxy name is picked up.
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        // .NET drops the Authorization header when it follows a redirect.
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        // A response left unread (a stream the host stopped) closes its connection instead of
        // being drained, so "stop" really stops the server's work on it.
        MaxResponseDrainSize = 0,
    };

    /// <summary>
    /// Posts <paramref name="body"/> until an attempt succeeds, the retries are spent or the host
    /// cancels. <paramref name="onSuccess"/> reads a 2xx response; it runs under the attempt's
    /// timeout, and an I/O failure inside it is retried unless it marked the attempt committed.
    /// </summary>
    public T Send<T>(
        in CallSettings call,
        ReadOnlyMemory<byte> body,
        Func<HttpResponseMessage, AttemptContext, T> onSuccess,
        CancellationToken cancel)
    {
        int maxRetries = call.MaxRetries ?? Settings.MaxRetries;
        long timeoutMs = call.TimeoutMs ?? Settings.TimeoutMs;
        for (int number = 1; ; number++)
        {
            var attempt = new AttemptContext(number);
            long attemptStarted = Stopwatch.GetTimestamp();
            int? httpStatus = null;
            LiteLlmError failure;
            bool retryable;
            TimeSpan? serverDelay = null;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                attemptCts.CancelAfter(TimeSpan.FromMilliseconds(timeoutMs));
                try
                {
                    if (cancel.IsCancellationRequested) throw new OperationCanceledException(cancel);
                    using var request = BuildRequest(body, call.Headers);
                    using var response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token);
                    httpStatus = (int)response.StatusCode;
                    // Synchronous body reads take no token: disposing the response aborts them.
                    using var abort = attemptCts.Token.UnsafeRegister(static r => ((HttpResponseMessage)r!).Dispose(), response);
                    if (response.IsSuccessStatusCode)
                    {
                        T result = onSuccess(response, attempt);
                        TransportLog.Attempt(call, attempt, attemptStarted, null, httpStatus);
                        return result;
                    }
                    failure = HttpStatusFailure(response);
                    retryable = RetryPolicy.ShouldRetry(response);
                    serverDelay = RetryPolicy.ServerRequestedDelay(response.Headers, DateTimeOffset.UtcNow);
                }
                catch (LiteLlmException e)
                {
                    var error = cancel.IsCancellationRequested ? Cancelled() : e.Error;
                    TransportLog.Attempt(call, attempt, attemptStarted, error, httpStatus);
                    throw Finish(WithPartial(error, attempt), number, false, call);
                }
                catch (Exception e) when (IsTransportFailure(e))
                {
                    if (cancel.IsCancellationRequested)
                    {
                        var cancelled = Cancelled();
                        TransportLog.Attempt(call, attempt, attemptStarted, cancelled, httpStatus);
                        throw Finish(WithPartial(cancelled, attempt), number, false, call);
                    }
                    failure = attemptCts.IsCancellationRequested
                        ? new LiteLlmError(LiteLlmStatus.Timeout, $"request timed out after {timeoutMs} ms")
                        : new LiteLlmError(LiteLlmStatus.Network, NetworkMessage(e));
                    WithPartial(failure, attempt);
                    retryable = true;
                }
            }

            TransportLog.Attempt(call, attempt, attemptStarted, failure, httpStatus);
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
            TransportLog.Retry(call, number, delay, serverDelay is not null, Redactor.Redact(failure.Message)!);
            if (cancel.WaitHandle.WaitOne(delay))
            {
                throw Finish(Cancelled(), number, false, call);
            }
        }
    }

    private HttpRequestMessage BuildRequest(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string>? headers)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, Settings.ChatCompletionsUri)
        {
            Content = content,
            Version = HttpVersion.Version11,
        };
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                // Already validated; a request header replaces the client's header of that name.
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    content.Headers.Remove(name);
                    content.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }
        return request;
    }

    private static LiteLlmError HttpStatusFailure(HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        byte[] body;
        try
        {
            body = ResponseBodyReader.ReadPrefix(response, ServerError.BodyLimit * 4);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            body = Array.Empty<byte>(); // the status is what matters; a lost body is not another error
        }
        var server = ServerError.Parse(body);
        string detail = server.Message ?? response.ReasonPhrase ?? "no message";
        return new LiteLlmError(LiteLlmStatus.HttpStatus, $"litellm API error {status}: {detail}")
        {
            HttpStatus = status,
            Body = ServerError.BodyText(body),
            ErrorType = server.Type,
            ErrorCode = server.Code,
            ServerRequestId = ResponseHeaders.First(response, "x-request-id"),
        };
    }

    private static bool IsTransportFailure(Exception e) =>
        e is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException;

    private static string NetworkMessage(Exception e)
    {
        string message = e.Message;
        if (e.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message += ": " + inner.Message;
        }
        return "network error: " + message;
    }

    /// <summary>A failure after a stream delivered events keeps what arrived (API.md: partial_content).</summary>
    private static LiteLlmError WithPartial(LiteLlmError error, AttemptContext attempt)
    {
        if (attempt.Committed && attempt.PartialContent is { } partial && error.PartialContent is null)
        {
            string text = partial();
            // A stream refused at max_response_bytes would otherwise copy all of it into the document.
            error.PartialContent = text.Length <= MaxPartialChars ? text : text[..MaxPartialChars];
        }
        return error;
    }

    /// <summary>The most of a failed stream's text an error document carries (1 Mi characters).</summary>
    public const int MaxPartialChars = 1 << 20;

    private static LiteLlmError Cancelled() => new(LiteLlmStatus.Cancelled, "the call was cancelled");

    private static LiteLlmException Finish(LiteLlmError error, int attempts, bool retryable, in CallSettings call)
    {
        error.Attempts = attempts;
        error.Retryable = retryable;
        error.Model ??= call.Model;
        error.RequestId ??= call.RequestId;
        return new LiteLlmException(error);
    }

    public void Dispose() => _client.Dispose();
}
