using System;
using LiteLlmNative.Json;
using LiteLlmNative.Provider;
using LiteLlmNative.Transport;

namespace LiteLlmNative.Client;

/// <summary>Client options (docs/configuration.md#client-options-litellm_client_new): the host's document over the environment's defaults.</summary>
internal static class ClientSettingsFactory
{
    public const string DefaultBaseUrl = "http://localhost:4000";
    public const long MinResponseBytes = 1024;
    public const long MaxResponseBytesLimit = 1L << 30;

    public static TransportSettings Create(ClientOptionsDocument? options, Func<string, string?> env)
    {
        options ??= new ClientOptionsDocument();
        string baseUrl;
        string baseSource;
        if (options.BaseUrl is not null) { baseUrl = options.BaseUrl; baseSource = "$.base_url"; }
        else if (NonEmpty(env("LITELLM_PROXY_API_BASE")) is { } a) { baseUrl = a; baseSource = "environment variable LITELLM_PROXY_API_BASE"; }
        else if (NonEmpty(env("LITELLM_BASE_URL")) is { } b) { baseUrl = b; baseSource = "environment variable LITELLM_BASE_URL"; }
        else { baseUrl = DefaultBaseUrl; baseSource = "default base URL"; }

        string apiKey = options.ApiKey ?? NonEmpty(env("LITELLM_PROXY_API_KEY")) ?? NonEmpty(env("LITELLM_API_KEY")) ?? "";
        if (HeaderRules.HasControl(apiKey, allowTab: false))
        {
            // Never echo the key itself.
            throw LiteLlmException.InvalidArgument("$.api_key: must not contain control characters (CR, LF, NUL, DEL or any other)");
        }
        if (!System.Text.Ascii.IsValid(apiKey))
        {
            throw LiteLlmException.InvalidArgument("$.api_key: must be ASCII (it is sent in an HTTP header)");
        }
        if (options.TimeoutMs is { } t && (t < 1 || t > RequestRules.MaxTimeoutMs))
            throw RequestRules.Invalid("$.timeout_ms", $"must be between 1 and {RequestRules.MaxTimeoutMs}, got {t}");
        RequestRules.CheckIdleTimeout(options.IdleTimeoutMs, "$.idle_timeout_ms");
        if (options.MaxRetries is { } r && (r < 0 || r > RequestRules.MaxRetriesLimit))
            throw RequestRules.Invalid("$.max_retries", $"must be between 0 and {RequestRules.MaxRetriesLimit}, got {r}");

        if (options.MaxResponseBytes is { } max && (max < MinResponseBytes || max > MaxResponseBytesLimit))
            throw RequestRules.Invalid("$.max_response_bytes", $"must be between {MinResponseBytes} and {MaxResponseBytesLimit}, got {max}");

        var chatCompletions = TransportSettings.JoinChatCompletions(ParseBase(baseUrl, baseSource));
        return new TransportSettings
        {
            Proxy = Transport.Http.HttpProxy.FromEnvironment(chatCompletions, env),
            MaxResponseBytes = options.MaxResponseBytes ?? TransportSettings.DefaultMaxResponseBytes,
            TrustedRoots = options.CaFile is null ? null : TrustedRootsFile.Load(options.CaFile, "$.ca_file"),
            ChatCompletionsUri = chatCompletions,
            ApiKey = apiKey,
            TimeoutMs = options.TimeoutMs ?? TransportSettings.DefaultTimeoutMs,
            IdleTimeoutMs = options.IdleTimeoutMs,
            MaxRetries = options.MaxRetries ?? TransportSettings.DefaultMaxRetries,
            Headers = HeaderRules.Validate(options.Headers, "$.headers"),
        };
    }

    private static Uri ParseBase(string text, string source)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // The text is not repeated: a broken URL may still carry a password.
            throw LiteLlmException.InvalidArgument($"{source}: not an absolute http:// or https:// URL");
        }
        if (uri.UserInfo.Length > 0)
        {
            // Credentials in the URL would be dropped (they are not how LiteLLM authenticates):
            // refused, without repeating them.
            throw LiteLlmException.InvalidArgument($"{source}: user:password@ is not supported in a base URL (give the key as api_key)");
        }
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw LiteLlmException.InvalidArgument($"{source}: a base URL takes no query or fragment");
        }
        return uri;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
