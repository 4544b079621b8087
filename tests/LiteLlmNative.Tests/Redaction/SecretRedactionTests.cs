using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Observability;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Observability;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Redaction;

/// <summary>
/// docs/configuration.md#the-api-key: "No message, body or log event ever contains the API key", even when the server
/// echoes it back in every place it can. The log is process-wide, hence the shared collection.
/// </summary>
[Collection(LogCollection.Name)]
public sealed class SecretRedactionTests : IDisposable
{
    private const string Key = "sk-echo-secret-9f8e7d6c5b4a";

    private readonly FakeOpenAiServer _server = new();
    private readonly Sink _sink = new();
    private readonly ITestOutputHelper _out;

    public SecretRedactionTests(ITestOutputHelper output)
    {
        _out = output;
        Log.Configure(_sink, Log.Debug);
    }

    public void Dispose()
    {
        Log.Configure(null, 0);
        _server.Dispose();
    }

    private sealed class Sink : LogSink
    {
        private readonly List<string> _events = new();

        public override void Write(int level, ReadOnlySpan<byte> eventJson)
        {
            lock (_events) _events.Add(Encoding.UTF8.GetString(eventJson));
        }

        public List<string> For(string requestId)
        {
            lock (_events)
            {
                return _events.Where(e =>
                {
                    using var d = JsonDocument.Parse(e);
                    return d.RootElement.TryGetProperty("request_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == requestId;
                }).ToList();
            }
        }

        public List<string> All()
        {
            lock (_events) return _events.ToList();
        }
    }

    /// <summary>Every string in the document, decoded, so an escaped key cannot hide from the check.</summary>
    private static IEnumerable<string> Strings(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                yield return e.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    yield return p.Name;
                    foreach (var s in Strings(p.Value)) yield return s;
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                    foreach (var s in Strings(item)) yield return s;
                break;
        }
    }

    private static void AssertNoKey(string json, string what)
    {
        Assert.DoesNotContain(Key, json);
        using var doc = JsonDocument.Parse(json);
        foreach (var s in Strings(doc.RootElement))
        {
            Assert.False(s.Contains(Key, StringComparison.Ordinal), $"{what} carries the API key in \"{s}\": {json}");
        }
    }

    private void AssertLogsClean(string requestId)
    {
        var events = _sink.For(requestId);
        foreach (var e in events) _out.WriteLine("log: " + e);
        Assert.NotEmpty(events);
        foreach (var e in events) AssertNoKey(e, "a log event");
        foreach (var e in _sink.All()) Assert.DoesNotContain(Key, e);
    }

    private static Dictionary<string, string> EchoHeaders() => new()
    {
        ["x-request-id"] = "req-" + Key,
        ["x-litellm-call-id"] = Key,
        ["x-litellm-model-id"] = Key,
    };

    [Fact]
    public void Key_echoed_in_a_500_body_is_redacted_in_the_error_document_and_the_logs()
    {
        using var client = new TestClient(_server, apiKey: Key, maxRetries: 1);
        var error = FakeResponse.Error(500, $"upstream rejected key {Key}", type: "type-" + Key, code: Key);
        _server.Enqueue(error, error);
        var outcome = client.Generate(Requests.Hello(extra: ""","request_id":"redact-500" """));
        _out.WriteLine(outcome.Json);
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        AssertNoKey(outcome.Json, "the error document");
        Assert.Contains("[REDACTED]", e.GetProperty("message").GetString());
        Assert.Contains("[REDACTED]", e.GetProperty("body").GetString());
        AssertLogsClean("redact-500");
    }

    [Fact]
    public void Key_echoed_in_response_headers_of_an_error_is_not_in_the_error_document()
    {
        using var client = new TestClient(_server, apiKey: Key, maxRetries: 0);
        _server.Enqueue(FakeResponse.Error(401, "no", headers: EchoHeaders()));
        var outcome = client.Generate(Requests.Hello(extra: ""","request_id":"redact-headers" """));
        _out.WriteLine(outcome.Json);
        outcome.AssertStatus(LiteLlmStatus.HttpStatus);
        AssertNoKey(outcome.Json, "the error document");
        AssertLogsClean("redact-headers");
    }

    [Fact]
    public void Key_echoed_in_an_sse_in_band_error_is_redacted_in_the_error_document_and_the_logs()
    {
        using var client = new TestClient(_server, apiKey: Key, maxRetries: 0);
        string chunk = """{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"par"},"finish_reason":null}]}""";
        string inBand = """{"error":{"message":"key KEY is over quota","type":"KEY","code":"429"}}""".Replace("KEY", Key);
        _server.Enqueue(FakeResponse.Sse([chunk, inBand]));
        var outcome = Api.Stream(client.Client, Requests.Hello(extra: ""","request_id":"redact-sse" """));
        _out.WriteLine(outcome.Json);
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        AssertNoKey(outcome.Json, "the error document");
        Assert.Contains("[REDACTED]", e.GetProperty("message").GetString());
        Assert.Contains("[REDACTED]", e.GetProperty("body").GetString());
        AssertLogsClean("redact-sse");
    }

    [Fact]
    public void Key_echoed_as_streamed_content_before_a_cut_is_redacted_in_partial_content()
    {
        using var client = new TestClient(_server, apiKey: Key, maxRetries: 0);
        string chunk = """{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"your key is KEY"},"finish_reason":null}]}""".Replace("KEY", Key);
        _server.Enqueue(FakeResponse.Sse([chunk], includeDone: false));
        var outcome = Api.Stream(client.Client, Requests.Hello(extra: ""","request_id":"redact-partial" """));
        _out.WriteLine(outcome.Json);
        outcome.AssertStatus(LiteLlmStatus.Network);
        AssertNoKey(outcome.Json, "the error document");
        AssertLogsClean("redact-partial");
    }

    [Fact]
    public void Key_echoed_by_every_model_of_a_run_is_redacted_in_the_escalations()
    {
        using var client = new TestClient(_server, apiKey: Key, maxRetries: 0);
        _server.Enqueue(
            FakeResponse.Error(500, $"first model saw {Key}"),
            FakeResponse.Completion($"not json {Key}"),
            FakeResponse.Error(401, $"third model saw {Key}", type: Key, code: Key));
        var outcome = client.Run("""{"models":["a","b","c"],"task_prompt":"t","request_id":"redact-run","repair_attempts":0}""");
        _out.WriteLine(outcome.Json);
        outcome.AssertStatus(LiteLlmStatus.HttpStatus);
        AssertNoKey(outcome.Json, "the run's error document");
        Assert.Equal(3, outcome.Error.GetProperty("escalations").GetArrayLength());
        AssertLogsClean("redact-run");
    }

    [Fact]
    public void Key_straddling_the_4_KiB_body_cut_is_reported()
    {
        // The error body is cut to 4 KiB before redaction; a key that crosses the cut survives in
        // part. Printed for the record; the contract's check (the whole key) is asserted.
        using var client = new TestClient(_server, apiKey: Key, maxRetries: 0);
        string prefix = new string('p', 4096 - 10);
        _server.Enqueue(FakeResponse.Text(500, prefix + Key + " tail"));
        var outcome = client.Generate(Requests.Hello(extra: ""","request_id":"redact-cut" """));
        var e = outcome.AssertStatus(LiteLlmStatus.HttpStatus).Error;
        string body = e.GetProperty("body").GetString()!;
        _out.WriteLine($"body ends with \"{body[^16..]}\" (key starts \"{Key[..10]}\")");
        AssertNoKey(outcome.Json, "the error document");
        AssertLogsClean("redact-cut");
    }
}
