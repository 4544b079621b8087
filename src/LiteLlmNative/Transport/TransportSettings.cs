using System;
using System.Collections.Generic;

namespace LiteLlmNative.Transport;

/// <summary>A client's validated, immutable transport configuration (docs/configuration.md#client-options-litellm_client_new).</summary>
internal sealed class TransportSettings
{
    public const long DefaultTimeoutMs = 600_000;
    public const int DefaultMaxRetries = 2;
    public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

    public required Uri ChatCompletionsUri { get; init; }
    /// <summary>Empty means no Authorization header at all.</summary>
    public string ApiKey { get; init; } = "";
    public long TimeoutMs { get; init; } = DefaultTimeoutMs;
    /// <summary>The longest silence allowed between bytes of an answer; null: no such limit.</summary>
    public long? IdleTimeoutMs { get; init; }
    public int MaxRetries { get; init; } = DefaultMaxRetries;
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    public long MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;
    /// <summary>Extra trusted roots (PEM) for a self-hosted proxy's private CA; null: the system's.</summary>
    public Tls.TrustedRoots? TrustedRoots { get; init; }

    /// <summary>Where the system's roots are; null: the process's (SSL_CERT_DIR, SSL_CERT_FILE, OpenSSL's defaults). Tests point it elsewhere.</summary>
    public Tls.SystemTrust? SystemTrust { get; init; }

    /// <summary>The forward proxy from the environment (http_proxy, https_proxy, no_proxy), or null.</summary>
    public Http.HttpProxy? Proxy { get; init; }

    /// <summary>The first back-off step; docs/configuration.md#retries fixes 500 ms, tests shorten it.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(8);
    /// <summary>Longest server-requested wait honoured; a longer one ends the retries.</summary>
    public TimeSpan RetryAfterCap { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>&lt;base&gt;/v1/chat/completions</c>, or <c>&lt;base&gt;/chat/completions</c> when the base
    /// ends in /v1, or the base itself when it is already the endpoint (ends in /chat/completions:
    /// a URL copied from a provider's documentation).
    /// </summary>
    public static Uri JoinChatCompletions(Uri baseUri)
    {
        string path = baseUri.AbsolutePath.TrimEnd('/');
        string suffix = path.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase) ? ""
            : path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? "/chat/completions"
            : "/v1/chat/completions";
        var builder = new UriBuilder(baseUri) { Path = path + suffix };
        return builder.Uri;
    }
}
