using System;
using System.Globalization;
using System.Text.Json;
using LiteLlmNative.Provider;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Cli;

/// <summary>
/// The configuration the CLI takes from the environment. base_url and api_key are left to the
/// library, which reads LITELLM_PROXY_API_BASE / LITELLM_BASE_URL and LITELLM_PROXY_API_KEY /
/// LITELLM_API_KEY itself (docs/configuration.md#client-options-litellm_client_new), exactly as for the NULL client; the CLI adds
/// LITELLM_TIMEOUT_MS and LITELLM_MAX_RETRIES to the client options, and LITELLM_MODEL as the
/// default model. An invalid value is a usage error naming the variable.
/// </summary>
internal sealed class CliEnvironment
{
    public const string TimeoutVariable = "LITELLM_TIMEOUT_MS";
    public const string RetriesVariable = "LITELLM_MAX_RETRIES";
    public const string ModelVariable = "LITELLM_MODEL";

    private CliEnvironment(long? timeoutMs, int? maxRetries, string? defaultModel)
    {
        TimeoutMs = timeoutMs;
        MaxRetries = maxRetries;
        DefaultModel = defaultModel;
    }

    public long? TimeoutMs { get; }
    public int? MaxRetries { get; }

    /// <summary>LITELLM_MODEL, or null when unset or blank.</summary>
    public string? DefaultModel { get; }

    public static CliEnvironment Read(string command, Func<string, string?> env)
    {
        long? timeout = null;
        if (NonBlank(env(TimeoutVariable)) is { } t)
        {
            if (!long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms) || ms < 1 || ms > RequestRules.MaxTimeoutMs)
            {
                throw new UsageException(command,
                    $"environment variable {TimeoutVariable} must be a whole number of milliseconds from 1 to {RequestRules.MaxTimeoutMs}, got '{t}'");
            }
            timeout = ms;
        }

        int? retries = null;
        if (NonBlank(env(RetriesVariable)) is { } r)
        {
            if (!int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 0 || n > RequestRules.MaxRetriesLimit)
            {
                throw new UsageException(command,
                    $"environment variable {RetriesVariable} must be a whole number from 0 to {RequestRules.MaxRetriesLimit}, got '{r}'");
            }
            retries = n;
        }

        return new CliEnvironment(timeout, retries, NonBlank(env(ModelVariable)));
    }

    /// <summary>The <c>litellm_client_new</c> options document (docs/configuration.md#client-options-litellm_client_new) for this environment.</summary>
    public byte[] ClientOptionsJson()
    {
        using var buffer = new PooledBuffer(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (TimeoutMs is { } t) writer.WriteNumber("timeout_ms", t);
            if (MaxRetries is { } r) writer.WriteNumber("max_retries", r);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string? NonBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
