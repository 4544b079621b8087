using System;
using System.Collections.Generic;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Transport;

/// <summary>
/// Servers that keep failing (docs/configuration.md#retries): a Retry-After beyond the 60 s cap ends the call at
/// once; a short one is honoured until max_retries is spent. Plus bodies shorter than promised.
/// </summary>
public sealed class RetryStormTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly ITestOutputHelper _out;

    public RetryStormTests(ITestOutputHelper output) => _out = output;

    public void Dispose() => _server.Dispose();

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(429)]
    public void Storm_with_retry_after_beyond_the_cap_returns_at_once_with_retry_after_ms(int status)
    {
        using var client = new TestClient(_server, maxRetries: 3);
        _server.Enqueue(FakeResponse.RetryStorm(status, "120", count: 4));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        _out.WriteLine($"{status}: {outcome.Status} after {ms} ms: {outcome.Json}");
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.True(ms < 2000, $"took {ms} ms");
        Assert.Equal(status, e.GetProperty("status").GetInt32());
        Assert.Equal(120_000, e.GetProperty("retry_after_ms").GetInt64());
        Assert.Equal(1, e.GetProperty("attempts").GetInt32());
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Storm_with_retry_after_as_a_far_http_date_returns_at_once()
    {
        using var client = new TestClient(_server, maxRetries: 3);
        string date = DateTimeOffset.UtcNow.AddMinutes(10).ToString("r");
        _server.Enqueue(FakeResponse.RetryStorm(503, date, count: 4));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.True(ms < 2000, $"took {ms} ms");
        Assert.InRange(e.GetProperty("retry_after_ms").GetInt64(), 590_000, 600_000);
        Assert.Equal(1, e.GetProperty("attempts").GetInt32());
    }

    [Theory]
    [InlineData(503, 0)]
    [InlineData(503, 4)]
    [InlineData(429, 4)]
    [InlineData(500, 7)]
    public void Storm_with_retry_after_ms_10_exhausts_max_retries(int status, int maxRetries)
    {
        // The client's back-off would be 0.5 s and up; only the header explains a quick storm.
        using var client = new TestClient(_server, maxRetries: maxRetries, backoff: TimeSpan.FromMilliseconds(500));
        _server.Enqueue(FakeResponse.RetryStorm(status, "10", count: maxRetries + 3, header: "retry-after-ms"));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        _out.WriteLine($"{status} max_retries={maxRetries}: {outcome.Status} after {ms} ms");
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(maxRetries + 1, e.GetProperty("attempts").GetInt32());
        Assert.Equal(maxRetries + 1, _server.Requests.Count);
        Assert.Equal(10, e.GetProperty("retry_after_ms").GetInt64());
        Assert.True(e.GetProperty("retryable").GetBoolean());
        Assert.True(ms < 2000, $"took {ms} ms");
    }

    [Fact]
    public void Storm_then_success_within_the_retries_is_ok_with_the_attempt_count()
    {
        using var client = new TestClient(_server, maxRetries: 5);
        _server.Enqueue(FakeResponse.RetryStorm(503, "10", count: 3, header: "retry-after-ms"));
        _server.Enqueue(FakeResponse.Completion("finally"));
        var doc = client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(4, doc.GetProperty("attempts").GetInt32());
        Assert.Equal("finally", doc.GetProperty("content").GetString());
    }

    [Fact]
    public void Content_length_larger_than_the_body_is_network()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.TruncatedBody("""{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"complete json"},"finish_reason":"stop"}]}"""));
        var outcome = client.Generate(Requests.Hello());
        _out.WriteLine(outcome.Json);
        // Even though the bytes that did arrive are a whole, valid completion.
        outcome.AssertStatus(LiteLlmStatus.Network);
    }

    [Fact]
    public void Content_length_larger_than_the_body_on_a_stream_call_is_network()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.TruncatedBody("""{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"complete json"},"finish_reason":"stop"}]}"""));
        Api.Stream(client.Client, Requests.Hello()).AssertStatus(LiteLlmStatus.Network);
    }

    [Fact]
    public void Content_length_larger_than_the_body_is_retried_like_any_network_error()
    {
        using var client = new TestClient(_server, maxRetries: 1);
        _server.Enqueue(FakeResponse.TruncatedBody("""{"choices":[{"message":{"content":"par"""), FakeResponse.Completion("whole"));
        var doc = client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(2, doc.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void Content_length_larger_than_an_error_body_still_reports_the_status()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        var head = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n";
        var body = """{"error":{"message":"bad key","type":"auth_error","code":"401"}}""";
        _server.Enqueue(FakeResponse.Raw(System.Text.Encoding.UTF8.GetBytes(head + body)));
        var outcome = client.Generate(Requests.Hello());
        _out.WriteLine(outcome.Json);
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(401, e.GetProperty("status").GetInt32());
    }
}
