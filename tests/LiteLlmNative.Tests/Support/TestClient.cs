using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Client;
using LiteLlmNative.Testing;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Support;

/// <summary>A client on a loopback fake server, called through the same span API the exports use.</summary>
internal sealed class TestClient : IDisposable
{
    public TestClient(
        FakeOpenAiServer server,
        string apiKey = "",
        int maxRetries = 2,
        long timeoutMs = 10_000,
        TimeSpan? backoff = null,
        string? baseUrl = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        Client = new LiteLlmClient(new TransportSettings
        {
            ChatCompletionsUri = TransportSettings.JoinChatCompletions(new Uri(baseUrl ?? server.BaseUrl)),
            ApiKey = apiKey,
            MaxRetries = maxRetries,
            TimeoutMs = timeoutMs,
            // Short back-off keeps retry tests fast; the rule itself is pinned by RetryPolicyTests.
            BackoffBase = backoff ?? TimeSpan.FromMilliseconds(5),
            Headers = headers ?? Array.Empty<KeyValuePair<string, string>>(),
        });
    }

    public LiteLlmClient Client { get; }

    public Outcome Generate(string requestJson) => Call(LiteLlmApi.Generate, requestJson, run: false);

    public Outcome Run(string requestJson) => Call(LiteLlmApi.Run, requestJson, run: true);

    /// <summary>Streams, collecting every event; <paramref name="stopAfter"/> events, then says stop.</summary>
    public (Outcome Outcome, List<JsonElement> Events) Stream(string requestJson, int stopAfter = int.MaxValue)
    {
        var events = new List<JsonElement>();
        using var output = new PooledBuffer();
        var status = LiteLlmApi.GenerateStream(Client, Encoding.UTF8.GetBytes(requestJson), json =>
        {
            events.Add(JsonDocument.Parse(json.ToArray()).RootElement);
            return events.Count < stopAfter;
        }, output);
        string json = Encoding.UTF8.GetString(output.WrittenSpan);
        // Every document and event the suite sees keeps the contract in docs/schema.
        DocumentSchemas.AssertValid(status, json, run: false);
        foreach (var e in events) DocumentSchemas.AssertValidEvent(e);
        return (new Outcome(status, json), events);
    }

    private delegate LiteLlmStatus Operation(LiteLlmClient? client, ReadOnlySpan<byte> request, PooledBuffer output);

    private Outcome Call(Operation op, string requestJson, bool run)
    {
        using var output = new PooledBuffer();
        var status = op(Client, Encoding.UTF8.GetBytes(requestJson), output);
        string json = Encoding.UTF8.GetString(output.WrittenSpan);
        DocumentSchemas.AssertValid(status, json, run); // the contract in docs/schema
        return new Outcome(status, json);
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>A status and its document, with the accessors tests need.</summary>
internal sealed record Outcome(LiteLlmStatus Status, string Json)
{
    public JsonElement Doc => JsonDocument.Parse(Json).RootElement;

    /// <summary>The <c>error</c> object; fails the test if this is not an error document.</summary>
    public JsonElement Error
    {
        get
        {
            Assert.True(Doc.TryGetProperty("error", out var e), $"expected an error document, got {Json}");
            return e;
        }
    }

    public string ErrorMessage => Error.GetProperty("message").GetString()!;

    public Outcome AssertOk()
    {
        Assert.True(Status == LiteLlmStatus.Ok, $"expected OK, got {Status}: {Json}");
        return this;
    }

    public Outcome AssertStatus(LiteLlmStatus expected)
    {
        Assert.True(Status == expected, $"expected {expected}, got {Status}: {Json}");
        Assert.Equal(expected.ToKind(), Error.GetProperty("kind").GetString());
        return this;
    }
}

internal static class Requests
{
    public static string Hello(string model = "gpt-4o", string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hello"}]{{extra}}}""";
}
