using System;
using System.Globalization;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Transport;

/// <summary>Which failures are worth another attempt, and how long to wait before it (docs/configuration.md#retries).</summary>
internal static class RetryPolicy
{
    public static bool IsRetryableStatus(int status) =>
        status is 408 or 409 or 429 || status >= 500;

    /// <summary>
    /// Whether a non-2xx answer may be retried: the status rule, unless the server says
    /// otherwise with <c>x-should-retry</c> (as OpenAI's SDKs honour it), and never a 429 that
    /// says the quota or budget is spent (<c>insufficient_quota</c>, <c>budget_exceeded</c>):
    /// waiting does not refill it, so a retry only spends the call's time.
    /// </summary>
    public static bool ShouldRetry(ResponseHead response, LiteLlmError failure)
    {
        string? shouldRetry = response.Get("x-should-retry")?.Trim();
        if (string.Equals(shouldRetry, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(shouldRetry, "false", StringComparison.OrdinalIgnoreCase)) return false;
        if (SpentQuota(failure.ErrorCode) || SpentQuota(failure.ErrorType)) return false;
        return IsRetryableStatus(response.StatusCode);
    }

    private static bool SpentQuota(string? name) =>
        string.Equals(name, "insufficient_quota", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "budget_exceeded", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>min(base · 2^n, cap)</c> less up to 25 % jitter; n counts retries from 0.</summary>
    public static TimeSpan Backoff(int retry, TimeSpan @base, TimeSpan cap)
    {
        double ms = Math.Min(@base.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)), cap.TotalMilliseconds);
        double jitter = 1 - 0.25 * Random.Shared.NextDouble();
        return TimeSpan.FromMilliseconds(ms * jitter);
    }

    /// <summary>
    /// The wait the server asked for: <c>retry-after-ms</c>, then <c>Retry-After</c> (seconds or
    /// an HTTP date), then LiteLLM's <c>llm_provider-retry-after</c>. Null when none is usable.
    /// </summary>
    public static TimeSpan? ServerRequestedDelay(ResponseHead headers, DateTimeOffset now)
    {
        if (headers.Get("retry-after-ms") is { } ms
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double millis)
            && double.IsFinite(millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(Math.Min(millis, TimeSpan.MaxValue.TotalMilliseconds / 2));
        }
        if (headers.Get("retry-after") is { } ra && ParseRetryAfter(ra, now) is { } delay)
        {
            return delay;
        }
        if (headers.Get("llm_provider-retry-after") is { } provider && ParseRetryAfter(provider, now) is { } d2)
        {
            return d2;
        }
        return null;
    }

    public static TimeSpan? ParseRetryAfter(string value, DateTimeOffset now)
    {
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            return double.IsFinite(seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(Math.Min(seconds, 365 * 86400.0))
                : null;
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
