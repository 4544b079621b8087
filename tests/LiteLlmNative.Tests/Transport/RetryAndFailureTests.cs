using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Transport;

/// <summary>docs/configuration.md#retries and docs/documents.md#error-document: which failures are retried, how long we wait, what the error says.</summary>
public sealed class RetryAndFailureTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();

    public void Dispose() => _server.Dispose();

    private static Dictionary<string, string> H(string name, string value) => new() { [name] = value };

    [Fact]
    public void Status_500_then_200_succeeds_on_second_attempt()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(500, "boom"), FakeResponse.Completion("ok"));
        var doc = client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(2, doc.GetProperty("attempts").GetInt32());
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    public void Retryable_statuses_are_retried(int status)
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(status, "try again"), FakeResponse.Completion("ok"));
        client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public void Status_401_is_not_retried_and_reports_the_envelope()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(401, "invalid api key", "auth_error", "401", H("x-request-id", "req_9")));
        var outcome = client.Generate(Requests.Hello("gpt-4o", ""","request_id":"t-1" """)).AssertStatus(LiteLlmStatus.HttpStatus);
        var e = outcome.Error;
        Assert.Single(_server.Requests);
        Assert.Equal(401, e.GetProperty("status").GetInt32());
        Assert.Equal("litellm API error 401: invalid api key", e.GetProperty("message").GetString());
        Assert.Equal("auth_error", e.GetProperty("error_type").GetString());
        Assert.Equal("401", e.GetProperty("error_code").GetString());
        Assert.Equal("req_9", e.GetProperty("server_request_id").GetString());
        Assert.Equal("gpt-4o", e.GetProperty("model").GetString());
        Assert.Equal("t-1", e.GetProperty("request_id").GetString());
        Assert.False(e.GetProperty("retryable").GetBoolean());
        Assert.Equal(1, e.GetProperty("attempts").GetInt32());
        Assert.Contains("invalid api key", e.GetProperty("body").GetString());
        Assert.Equal(0, e.GetProperty("escalations").GetArrayLength());
    }

    [Fact]
    public void Numeric_error_code_is_given_as_a_string()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Json(400, """{"error":{"message":"bad","type":"invalid_request_error","code":400}}"""));
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal("400", e.GetProperty("error_code").GetString());
    }

    [Fact]
    public void Status_503_until_attempts_are_spent()
    {
        using var client = new TestClient(_server, maxRetries: 2);
        for (int i = 0; i < 3; i++) _server.Enqueue(FakeResponse.Error(503, "overloaded"));
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(3, e.GetProperty("attempts").GetInt32());
        Assert.True(e.GetProperty("retryable").GetBoolean());
        Assert.Equal(503, e.GetProperty("status").GetInt32());
    }

    [Fact]
    public void Request_max_retries_overrides_the_client()
    {
        using var client = new TestClient(_server, maxRetries: 5);
        _server.Enqueue(FakeResponse.Error(503, "a"), FakeResponse.Error(503, "b"));
        client.Generate(Requests.Hello(extra: ""","max_retries":0""")).AssertStatus(LiteLlmStatus.HttpStatus);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Retry_after_seconds_is_honoured()
    {
        // Back-off would be 5 ms here: only the header can explain a wait near one second.
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(429, "slow down", headers: H("Retry-After", "1")), FakeResponse.Completion("ok"));
        var sw = Stopwatch.StartNew();
        client.Generate(Requests.Hello()).AssertOk();
        Assert.InRange(sw.ElapsedMilliseconds, 900, 5000);
    }

    [Fact]
    public void Retry_after_ms_is_honoured_before_retry_after()
    {
        using var client = new TestClient(_server);
        var headers = new Dictionary<string, string> { ["retry-after-ms"] = "300", ["Retry-After"] = "30" };
        _server.Enqueue(FakeResponse.Error(429, "slow down", headers: headers), FakeResponse.Completion("ok"));
        var sw = Stopwatch.StartNew();
        client.Generate(Requests.Hello()).AssertOk();
        Assert.InRange(sw.ElapsedMilliseconds, 250, 5000);
    }

    [Fact]
    public void Retry_after_as_http_date_is_honoured()
    {
        using var client = new TestClient(_server);
        string date = DateTimeOffset.UtcNow.AddSeconds(2).ToString("r");
        _server.Enqueue(FakeResponse.Error(503, "later", headers: H("Retry-After", date)), FakeResponse.Completion("ok"));
        var sw = Stopwatch.StartNew();
        client.Generate(Requests.Hello()).AssertOk();
        // Second resolution of the date: anything from ~1 s up is the header at work.
        Assert.InRange(sw.ElapsedMilliseconds, 900, 5000);
    }

    [Fact]
    public void Litellm_provider_retry_after_is_honoured()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(429, "slow down", headers: H("llm_provider-retry-after", "1")), FakeResponse.Completion("ok"));
        var sw = Stopwatch.StartNew();
        client.Generate(Requests.Hello()).AssertOk();
        Assert.InRange(sw.ElapsedMilliseconds, 900, 5000);
    }

    [Fact]
    public void Retry_after_beyond_the_cap_ends_retries_at_once()
    {
        using var client = new TestClient(_server, maxRetries: 3);
        _server.Enqueue(FakeResponse.Error(429, "quota", headers: H("Retry-After", "120")), FakeResponse.Completion("ok"));
        var sw = Stopwatch.StartNew();
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.True(sw.ElapsedMilliseconds < 2000);
        Assert.Single(_server.Requests);
        Assert.Equal(120_000, e.GetProperty("retry_after_ms").GetInt64());
        Assert.True(e.GetProperty("retryable").GetBoolean());
    }

    [Fact]
    public void X_should_retry_false_stops_a_retryable_status()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(500, "no", headers: H("x-should-retry", "false")), FakeResponse.Completion("ok"));
        client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData("insufficient_quota", "insufficient_quota")]
    [InlineData("budget_exceeded", null)]
    [InlineData(null, "insufficient_quota")]
    public void A_429_that_says_the_quota_is_spent_is_not_retried(string? type, string? code)
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(429, "You exceeded your current quota", type, code), FakeResponse.Completion("ok"));
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Single(_server.Requests);
        Assert.False(e.GetProperty("retryable").GetBoolean());
        Assert.Equal(429, e.GetProperty("status").GetInt32());
    }

    [Fact]
    public void A_plain_429_is_still_retried()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(429, "slow down", "rate_limit_exceeded", "rate_limit_exceeded"), FakeResponse.Completion("ok"));
        client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public void X_should_retry_true_retries_a_client_error()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Error(400, "flaky", headers: H("x-should-retry", "true")), FakeResponse.Completion("ok"));
        client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public void Backoff_grows_between_attempts()
    {
        // Base 100 ms: waits of >= 75 ms then >= 150 ms (25 % jitter at most).
        using var client = new TestClient(_server, maxRetries: 2, backoff: TimeSpan.FromMilliseconds(100));
        _server.Enqueue(FakeResponse.Error(500, "a"), FakeResponse.Error(500, "b"), FakeResponse.Completion("ok"));
        var sw = Stopwatch.StartNew();
        client.Generate(Requests.Hello()).AssertOk();
        Assert.InRange(sw.ElapsedMilliseconds, 225, 3000);
    }

    [Fact]
    public void Slow_answer_is_a_timeout_after_retries()
    {
        using var client = new TestClient(_server, maxRetries: 1, timeoutMs: 200);
        _server.Enqueue(
            FakeResponse.Delayed(FakeResponse.Completion("late"), TimeSpan.FromSeconds(3)),
            FakeResponse.Delayed(FakeResponse.Completion("late"), TimeSpan.FromSeconds(3)));
        var sw = Stopwatch.StartNew();
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Timeout).Error;
        Assert.True(sw.ElapsedMilliseconds < 2500, $"took {sw.ElapsedMilliseconds} ms");
        Assert.Equal(2, e.GetProperty("attempts").GetInt32());
        Assert.Contains("200 ms", e.GetProperty("message").GetString());
    }

    [Fact]
    public void Stall_after_headers_is_a_timeout_not_a_hang()
    {
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 300);
        _server.Enqueue(FakeResponse.StallAfterHeaders());
        var sw = Stopwatch.StartNew();
        client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Timeout);
        Assert.True(sw.ElapsedMilliseconds < 3000, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Request_timeout_overrides_the_client()
    {
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 60_000);
        _server.Enqueue(FakeResponse.Delayed(FakeResponse.Completion("late"), TimeSpan.FromSeconds(5)));
        var sw = Stopwatch.StartNew();
        client.Generate(Requests.Hello(extra: ""","timeout_ms":150""")).AssertStatus(LiteLlmStatus.Timeout);
        Assert.True(sw.ElapsedMilliseconds < 3000);
    }

    [Fact]
    public void Connection_reset_is_a_network_error_and_is_retried()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.ResetBeforeHeaders(), FakeResponse.Completion("ok"));
        var doc = client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(2, doc.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void Connection_reset_every_time_is_network()
    {
        using var client = new TestClient(_server, maxRetries: 1);
        _server.Enqueue(FakeResponse.ResetBeforeHeaders(), FakeResponse.ResetAfterHeaders());
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Network).Error;
        Assert.Equal(2, e.GetProperty("attempts").GetInt32());
        Assert.True(e.GetProperty("retryable").GetBoolean());
    }

    [Fact]
    public void Truncated_body_is_a_network_error()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.TruncatedBody("""{"choices":[{"message":{"content":"par"""));
        client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Network);
    }

    [Fact]
    public void Refused_connection_is_a_network_error()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        using var client = new TestClient(_server, maxRetries: 1, baseUrl: $"http://127.0.0.1:{port}");
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Network).Error;
        Assert.Equal(2, e.GetProperty("attempts").GetInt32());
        Assert.Contains("network error", e.GetProperty("message").GetString());
    }

    [Fact]
    public void Non_json_2xx_body_is_bad_response_and_not_retried()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Text(200, "<html>proxy login</html>", "text/html"));
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.BadResponse).Error;
        Assert.Single(_server.Requests);
        Assert.Contains("<html>", e.GetProperty("body").GetString());
    }

    [Fact]
    public void Empty_choices_is_bad_response()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Json(200, """{"id":"x","choices":[]}"""));
        var outcome = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Contains("no choices", outcome.ErrorMessage);
    }

    [Fact]
    public void Wrong_shape_json_is_bad_response()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Json(200, """{"choices":"nope"}"""));
        client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.BadResponse);
    }

    [Fact]
    public void Error_envelope_in_a_200_is_bad_response_with_its_message()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Json(200, """{"error":{"message":"upstream failed","type":"api_error","code":"x1"}}"""));
        var outcome = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Contains("upstream failed", outcome.ErrorMessage);
        Assert.Equal("api_error", outcome.Error.GetProperty("error_type").GetString());
    }

    [Fact]
    public void Api_key_echoed_by_the_server_never_reaches_the_error_document()
    {
        const string key = "sk-very-secret-key-0123456789";
        using var client = new TestClient(_server, apiKey: key);
        _server.Enqueue(FakeResponse.Error(401, $"Incorrect API key provided: {key}", "auth", "401"));
        var outcome = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus);
        Assert.DoesNotContain(key, outcome.Json);
        Assert.Contains("[REDACTED]", outcome.Error.GetProperty("message").GetString());
        Assert.Contains("[REDACTED]", outcome.Error.GetProperty("body").GetString());
    }

    [Fact]
    public void Error_body_is_cut_to_4_KiB()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Text(500, new string('x', 20_000)));
        var e = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(4096, Encoding.UTF8.GetByteCount(e.GetProperty("body").GetString()!));
    }
}

public sealed class ResponseSizeCapTests : IDisposable
{
    private readonly LiteLlmNative.Testing.FakeOpenAiServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public void Body_over_max_response_bytes_is_bad_response()
    {
        var client = new LiteLlmNative.Client.LiteLlmClient(new LiteLlmNative.Transport.TransportSettings
        {
            ChatCompletionsUri = LiteLlmNative.Transport.TransportSettings.JoinChatCompletions(new Uri(_server.BaseUrl)),
            MaxResponseBytes = 4096,
            MaxRetries = 0,
        });
        using var output = new LiteLlmNative.Buffers.PooledBuffer();
        _server.Enqueue(LiteLlmNative.Testing.FakeResponse.Completion(new string('x', 10_000)));
        var status = LiteLlmNative.Client.LiteLlmApi.Generate(client, System.Text.Encoding.UTF8.GetBytes(LiteLlmNative.Tests.Support.Requests.Hello()), output);
        client.Dispose();
        var outcome = new LiteLlmNative.Tests.Support.Outcome(status, System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        outcome.AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Contains("max_response_bytes", outcome.ErrorMessage);
    }
}
