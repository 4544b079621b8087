using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Observability;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Observability;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Endpoints;

/// <summary>
/// The endpoints beside chat go through the same transport: a missing route, 401 with the key
/// redacted, retries, timeouts, the shared pool, cancellation by request_id, and log events
/// named by operation.
/// </summary>
[Collection(LogCollection.Name)]
public sealed class EndpointTransportTests : IDisposable
{
    private const string Key = "sk-endpoint-secret-1234567890";
    private readonly FakeOpenAiServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public void A_server_without_the_routes_answers_404_which_is_http_status()
    {
        // The prefix is a server the fake does not serve at all: like an OpenAI-compatible
        // server without LiteLLM's routes.
        using var client = new TestClient(_server, maxRetries: 0, baseUrl: _server.BaseUrl + "/bare");
        foreach (var outcome in new[] { client.Embed("""{"model":"m","input":"x"}"""), client.Models(), client.Models("""{"info":true}"""), client.Health() })
        {
            var error = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
            Assert.Equal(404, error.GetProperty("status").GetInt32());
            Assert.False(error.GetProperty("retryable").GetBoolean());
        }
        Assert.Equal(new[] { "/bare/v1/embeddings", "/bare/v1/models", "/bare/v1/model/info", "/bare/health/readiness" }, _server.Requests.Select(r => r.Path));
    }

    [Fact]
    public void A_401_is_http_status_and_never_shows_the_key()
    {
        using var client = new TestClient(_server, apiKey: Key, maxRetries: 0,
            headers: new[] { new KeyValuePair<string, string>("x-fake-behaviour", "status-401") });
        var outcomes = new[] { client.Embed("""{"model":"status-401","input":"x"}"""), client.Models(), client.Health() };
        foreach (var outcome in outcomes)
        {
            var error = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
            Assert.Equal(401, error.GetProperty("status").GetInt32());
            Assert.Equal("auth_error", error.GetProperty("error_type").GetString());
            Assert.Contains("Received API Key = [REDACTED]", outcome.Json);
            Assert.DoesNotContain(Key, outcome.Json);
        }
        Assert.All(_server.Requests, r => Assert.Equal("Bearer " + Key, r.Headers["Authorization"]));
    }

    [Fact]
    public void A_5xx_is_retried_on_every_route()
    {
        using var client = new TestClient(_server, maxRetries: 2);
        var embed = client.Embed("""{"model":"flaky-503","input":"x","headers":{"x-fake-attempt-key":"e1"}}""").AssertOk();
        Assert.Equal(2, embed.Doc.GetProperty("attempts").GetInt32());
        using var get = new TestClient(_server, maxRetries: 2, headers: new[]
        {
            new KeyValuePair<string, string>("x-fake-behaviour", "flaky-500"), new KeyValuePair<string, string>("x-fake-attempt-key", "g1"),
        });
        get.Models().AssertOk();
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public void A_timeout_ends_an_embeddings_call()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        var outcome = client.Embed("""{"model":"slow-3000","input":"x","timeout_ms":200}""").AssertStatus(LiteLlmStatus.Timeout);
        Assert.Contains("timed out after 200 ms", outcome.ErrorMessage);
    }

    [Fact]
    public void Every_route_shares_the_clients_connection()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        client.Generate(Requests.Hello()).AssertOk();
        client.Embed("""{"model":"m","input":"x"}""").AssertOk();
        client.Models().AssertOk();
        client.Health().AssertOk();
        Assert.Equal(1, _server.ConnectionsAccepted);
    }

    [Fact]
    public void Cancel_by_request_id_ends_an_embeddings_call_promptly()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        var call = Task.Factory.StartNew(() => client.Embed("""{"model":"slow-10000","input":"x","request_id":"emb-cancel"}"""), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => _server.Requests.Count >= 1, TimeSpan.FromSeconds(10)));
        Thread.Sleep(100);
        var sw = Stopwatch.StartNew();
        client.Client.Cancel("emb-cancel");
        Assert.True(call.Wait(TimeSpan.FromSeconds(5)), "cancel did not end the call");
        var error = call.Result.AssertStatus(LiteLlmStatus.Cancelled).Error;
        Assert.Equal("emb-cancel", error.GetProperty("request_id").GetString());
        Assert.True(sw.ElapsedMilliseconds < 1000, $"{sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Each_attempt_is_logged_under_its_operation_name()
    {
        var sink = new Sink();
        Log.Configure(sink, Log.Info);
        try
        {
            using var client = new TestClient(_server, maxRetries: 0);
            client.Embed("""{"model":"litellm:embedder","input":["a","b"],"request_id":"log-embed"}""").AssertOk();
            client.Models("""{"request_id":"log-models"}""").AssertOk();
            client.Health().AssertOk();
        }
        finally
        {
            Log.Configure(null, 0);
        }
        var attempts = sink.Events.Where(e => e.Contains("\"event\":\"attempt\"", StringComparison.Ordinal)).ToList();
        Assert.All(sink.Events, e => Assert.Null(DocumentSchemas.LogEventViolations(e)));
        string embed = Assert.Single(attempts, e => e.Contains("log-embed", StringComparison.Ordinal));
        Assert.Contains("\"gen_ai.operation.name\":\"embeddings\"", embed);
        Assert.Contains("\"gen_ai.request.model\":\"embedder\"", embed);
        Assert.Contains("\"gen_ai.usage.input_tokens\":2", embed);
        Assert.Contains("\"gen_ai.operation.name\":\"models\"", Assert.Single(attempts, e => e.Contains("log-models", StringComparison.Ordinal)));
        Assert.Single(attempts, e => e.Contains("\"gen_ai.operation.name\":\"health\"", StringComparison.Ordinal));
    }

    private sealed class Sink : LogSink
    {
        public List<string> Events { get; } = new();

        public override void Write(int level, ReadOnlySpan<byte> eventJson)
        {
            lock (Events) Events.Add(Encoding.UTF8.GetString(eventJson));
        }
    }
}
