using System;
using LiteLlmNative.Transport;

namespace LiteLlmNative.Tests.Transport;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(408, true)]
    [InlineData(409, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(599, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(422, false)]
    public void Retryable_statuses_are_408_409_429_and_5xx(int status, bool retryable) =>
        Assert.Equal(retryable, RetryPolicy.IsRetryableStatus(status));

    [Theory]
    [InlineData(0, 375, 500)]
    [InlineData(1, 750, 1000)]
    [InlineData(2, 1500, 2000)]
    [InlineData(3, 3000, 4000)]
    [InlineData(4, 6000, 8000)]
    [InlineData(5, 6000, 8000)]
    [InlineData(40, 6000, 8000)]
    public void Backoff_doubles_from_half_a_second_capped_at_8s_less_up_to_25_percent(int retry, double min, double max)
    {
        for (int i = 0; i < 200; i++)
        {
            double ms = RetryPolicy.Backoff(retry, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8)).TotalMilliseconds;
            Assert.InRange(ms, min, max);
        }
    }

    [Fact]
    public void Retry_after_parses_seconds_and_http_dates()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.ParseRetryAfter("3", now));
        Assert.Equal(TimeSpan.FromSeconds(1.5), RetryPolicy.ParseRetryAfter("1.5", now));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.ParseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now));
        Assert.Equal(TimeSpan.Zero, RetryPolicy.ParseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now));
        Assert.Null(RetryPolicy.ParseRetryAfter("soon", now));
        Assert.Null(RetryPolicy.ParseRetryAfter("-5", now));
    }
}
