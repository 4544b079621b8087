using System;
using System.Collections.Generic;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Provider;

/// <summary>
/// Text that is valid JSON but not valid text: a \u escape naming half a surrogate pair. Found by
/// the response fuzzer; whatever carries it (a completion, a stream delta, an error envelope,
/// a run result), the answer is a status of the enum, never internal. And header values the
/// HTTP stack cannot send are the caller's mistake, found before any network work.
/// </summary>
public sealed class MalformedTextTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;
    private readonly ITestOutputHelper _out;

    public MalformedTextTests(ITestOutputHelper output)
    {
        _out = output;
        _client = new TestClient(_server, maxRetries: 2);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private Outcome Show(Outcome outcome)
    {
        _out.WriteLine($"{outcome.Status}: {outcome.Json}");
        return outcome;
    }

    [Fact]
    public void Lone_surrogate_escape_in_completion_content_is_bad_response_not_internal()
    {
        _server.Enqueue(FakeResponse.Json(200, """{"choices":[{"index":0,"message":{"role":"assistant","content":"a\uD800b"},"finish_reason":"stop"}]}"""));
        Show(_client.Generate(Requests.Hello())).AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Lone_surrogate_escape_in_content_parts_is_bad_response_not_internal()
    {
        _server.Enqueue(FakeResponse.Json(200, """{"choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"\uDC00"}]},"finish_reason":"stop"}]}"""));
        Show(_client.Generate(Requests.Hello())).AssertStatus(LiteLlmStatus.BadResponse);
    }

    [Fact]
    public void Lone_surrogate_escape_in_a_stream_delta_is_bad_response_not_internal()
    {
        _server.Enqueue(FakeResponse.Sse(
        [
            """{"choices":[{"index":0,"delta":{"content":"ok "},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{"content":"\uDE22"},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
        ]));
        var outcome = Show(Api.Stream(_client.Client, Requests.Hello()));
        outcome.AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Equal("ok ", Contract.PartialContent(outcome));
    }

    [Fact]
    public void Lone_surrogate_escape_in_an_error_envelope_still_reports_the_http_status()
    {
        _server.Enqueue(FakeResponse.Json(401, """{"error":{"message":"bad \uD800 key","type":"auth","code":"401"}}"""));
        var e = Show(_client.Generate(Requests.Hello())).AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(401, e.GetProperty("status").GetInt32());
    }

    [Fact]
    public void Lone_surrogate_escape_in_an_in_band_stream_error_is_a_status_not_internal()
    {
        _server.Enqueue(FakeResponse.Sse(["""{"error":{"message":"\uDBFF broke","type":"x","code":"429"}}"""]));
        var outcome = Show(Api.Stream(_client.Client, Requests.Hello()));
        Contract.AssertWellFormed(outcome, "in-band error with a lone surrogate");
        Assert.Equal(LiteLlmStatus.HttpStatus, outcome.Status);
    }

    [Fact]
    public void Lone_surrogate_escape_in_a_run_result_status_is_invalid_result_not_internal()
    {
        // A schema that does not constrain status, so the escalate check is what reads it.
        _server.Enqueue(FakeResponse.Completion("""{"status":"\uD800","output":1}"""));
        var outcome = Show(_client.Run("""{"model":"m","task_prompt":"t","result_schema":{"type":"object"}}"""));
        Contract.AssertWellFormed(outcome, "run status with a lone surrogate", "result");
        Assert.NotEqual(LiteLlmStatus.Internal, outcome.Status);
    }

    [Fact]
    public void Lone_surrogate_escape_in_an_escalation_summary_is_invalid_result_not_internal()
    {
        _server.Enqueue(FakeResponse.Completion("""{"status":"escalate","summary":"too hard \uDC01"}"""));
        var outcome = Show(_client.Run("""{"model":"m","task_prompt":"t"}"""));
        outcome.AssertStatus(LiteLlmStatus.InvalidResult);
    }

    [Fact]
    public void Lone_surrogate_escape_in_the_default_schema_fields_is_invalid_result()
    {
        _server.Enqueue(FakeResponse.Completion("""{"status":"success","output":"\uD800","summary":"\uDC00"}"""));
        var outcome = Show(_client.Run("""{"model":"m","task_prompt":"t"}"""));
        Contract.AssertWellFormed(outcome, "run result with lone surrogates", "result");
    }

    [Theory]
    [InlineData("é")]
    [InlineData("日本")]
    [InlineData("\u0085")]
    public void Request_header_value_outside_ascii_is_invalid_argument_before_any_request(string value)
    {
        string request = Requests.Hello(extra: ""","headers":{"x-litellm-tags":"VALUE"}""".Replace("VALUE", value));
        var outcome = Show(_client.Generate(request));
        Assert.Empty(_server.Requests);
        var e = outcome.AssertStatus(LiteLlmStatus.InvalidArgument).Error;
        Assert.Contains("$.headers", e.GetProperty("message").GetString());
    }

    [Fact]
    public void Client_header_value_outside_ascii_is_invalid_argument_at_client_new()
    {
        var outcome = Api.TryCreateClient("""{"base_url":"BASE","headers":{"x-team":"équipe"}}""".Replace("BASE", _server.BaseUrl), out var client);
        if (client is not null)
        {
            // Accepted: then at least the first call must say what is wrong, without retrying it.
            var call = Show(Api.Generate(client, Requests.Hello()));
            client.Dispose();
            Assert.Fail($"client_new accepted a non-ASCII header value; the first call then gave {call.Status}: {call.Json}; the server saw {_server.Requests.Count} requests");
        }

        Show(outcome).AssertStatus(LiteLlmStatus.InvalidArgument);
    }
}
