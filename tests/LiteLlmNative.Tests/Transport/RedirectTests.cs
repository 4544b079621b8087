using System;
using System.Linq;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Transport;

/// <summary>
/// A proxy that answers with a redirect. Whatever the library's policy on following it, the
/// API key must never travel to another origin, and the call must end with a status of the enum.
/// </summary>
public sealed class RedirectTests : IDisposable
{
    private const string Key = "sk-redirect-secret-5551234";

    private readonly FakeOpenAiServer _origin = new();
    private readonly FakeOpenAiServer _elsewhere = new(); // same host, another port: another origin
    private readonly ITestOutputHelper _out;

    public RedirectTests(ITestOutputHelper output) => _out = output;

    public void Dispose()
    {
        _origin.Dispose();
        _elsewhere.Dispose();
    }

    private void Describe(string what, Outcome outcome, long ms)
    {
        _out.WriteLine($"{what}: {outcome.Status} after {ms} ms: {Contract.Cut(outcome.Json, 400)}");
        foreach (var (name, server) in new[] { ("origin", _origin), ("elsewhere", _elsewhere) })
        {
            foreach (var r in server.Requests)
            {
                r.Headers.TryGetValue("Authorization", out var auth);
                r.Headers.TryGetValue("x-litellm-api-key", out var litellmKey);
                _out.WriteLine($"  {name} got {r.Method} {r.Path} ({r.Body.Length} body bytes), Authorization: {auth ?? "(none)"}, x-litellm-api-key: {litellmKey ?? "(none)"}");
            }
        }
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public void Redirect_to_another_origin_is_not_followed_so_neither_key_nor_prompt_goes_there(int status)
    {
        // The policy: the prompt and the key go to base_url and nowhere else. A redirect is an
        // http_status error, not retried, that says where to point base_url instead.
        using var client = new TestClient(_origin, apiKey: Key, maxRetries: 2, headers: new[] { new System.Collections.Generic.KeyValuePair<string, string>("x-litellm-api-key", Key) });
        string target = _elsewhere.BaseUrl + "/v1/chat/completions";
        _origin.Enqueue(FakeResponse.Redirect(status, target));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        Describe($"{status} to {_elsewhere.BaseUrl}", outcome, ms);
        Contract.AssertWellFormed(outcome, $"redirect {status}");
        outcome.AssertStatus(LiteLlmStatus.HttpStatus);
        Assert.Equal(status, outcome.Error.GetProperty("status").GetInt32());
        Assert.False(outcome.Error.GetProperty("retryable").GetBoolean());
        Assert.Contains(target, outcome.ErrorMessage);
        Assert.Contains("does not follow redirects", outcome.ErrorMessage);
        Assert.True(Assert.Single(_origin.Requests).Headers.ContainsKey("Authorization"), "the request to base_url should carry the key");
        Assert.Empty(_elsewhere.Requests);
    }

    [Fact]
    public void Redirect_to_another_origin_on_a_stream_call_never_carries_the_api_key_there()
    {
        using var client = new TestClient(_origin, apiKey: Key, maxRetries: 0);
        _origin.Enqueue(FakeResponse.Redirect(307, _elsewhere.BaseUrl + "/v1/chat/completions"));
        var (outcome, ms) = Timed.Run(() => Api.Stream(client.Client, Requests.Hello()));
        Describe("307 (stream) to another origin", outcome, ms);
        Contract.AssertWellFormed(outcome, "stream redirect");
        Assert.All(_elsewhere.Requests, r => Assert.False(r.Headers.ContainsKey("Authorization")));
    }

    [Fact]
    public void Redirect_to_another_origin_with_the_key_in_a_custom_header_is_recorded()
    {
        // LiteLLM also accepts its key in x-litellm-api-key; a host may put it in `headers`. What
        // happens to such a header on a cross-origin redirect is policy (printed, not asserted).
        using var client = new TestClient(_origin, maxRetries: 0,
            headers: [new("x-litellm-api-key", Key)]);
        _origin.Enqueue(FakeResponse.Redirect(307, _elsewhere.BaseUrl + "/v1/chat/completions"));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        Describe("307 to another origin, key in x-litellm-api-key", outcome, ms);
        Contract.AssertWellFormed(outcome, "custom header redirect");
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public void Same_origin_redirect_does_not_hang_and_ends_with_a_status_of_the_enum(int status)
    {
        using var client = new TestClient(_origin, apiKey: Key, maxRetries: 0);
        _origin.Enqueue(FakeResponse.Redirect(status, "/v1/chat/completions?redirected=1"));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        Describe($"same-origin {status}", outcome, ms);
        Contract.AssertWellFormed(outcome, $"same-origin {status}");
        Assert.True(ms < 5000, $"took {ms} ms");
    }

    [Fact]
    public void Redirect_loop_ends_with_a_status_of_the_enum_without_hanging()
    {
        using var client = new TestClient(_origin, apiKey: Key, maxRetries: 0);
        for (int i = 0; i < 20; i++) _origin.Enqueue(FakeResponse.Redirect(307, "/v1/chat/completions"));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        Describe("redirect loop", outcome, ms);
        Contract.AssertWellFormed(outcome, "redirect loop");
        Assert.NotEqual(LiteLlmStatus.Ok, outcome.Status);
        Assert.True(ms < 5000, $"took {ms} ms");
        Assert.InRange(_origin.Requests.Count, 1, 10);
    }

    [Fact]
    public void Redirect_to_another_host_name_for_the_same_machine_never_carries_the_api_key()
    {
        // 127.0.0.1 and localhost are different origins even when they reach the same socket.
        using var client = new TestClient(_origin, apiKey: Key, maxRetries: 0);
        _origin.Enqueue(FakeResponse.Redirect(307, "http://localhost:" + _elsewhere.Port + "/v1/chat/completions"));
        var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
        Describe("307 to http://localhost (another host name, same machine)", outcome, ms);
        Contract.AssertWellFormed(outcome, "localhost redirect");
        Assert.All(_elsewhere.Requests, r => Assert.False(r.Headers.ContainsKey("Authorization")));
    }
}
