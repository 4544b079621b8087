using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Observability;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Observability;

/// <summary>docs/abi.md#logging. The log is process-wide, so these tests run alone and filter by request_id.</summary>
[Collection(LogCollection.Name)]
public sealed class LogTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly CapturingSink _sink = new();

    public LogTests() => Log.Configure(_sink, Log.Debug);

    public void Dispose()
    {
        Log.Configure(null, 0);
        _server.Dispose();
        // Every event these tests made keeps its schema in docs/schema.
        Assert.Empty(_sink.SchemaViolations);
    }

    private sealed class CapturingSink : LogSink
    {
        private readonly List<(int Level, string Json)> _events = new();

        public List<string> SchemaViolations { get; } = new();

        public override void Write(int level, ReadOnlySpan<byte> eventJson)
        {
            string json = Encoding.UTF8.GetString(eventJson);
            string? wrong = DocumentSchemas.LogEventViolations(json);
            lock (_events)
            {
                _events.Add((level, json));
                if (wrong is not null) SchemaViolations.Add(wrong);
            }
        }

        public List<(int Level, JsonElement Event, string Json)> For(string requestId)
        {
            lock (_events)
            {
                return _events
                    .Select(e => (e.Level, JsonDocument.Parse(e.Json).RootElement, e.Json))
                    .Where(e => e.Item2.TryGetProperty("request_id", out var id) && id.GetString() == requestId)
                    .ToList();
            }
        }

        public int Count { get { lock (_events) return _events.Count; } }
    }

    [Fact]
    public void Each_attempt_emits_one_event_with_genai_attributes()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Completion("ok", promptTokens: 12, completionTokens: 3, model: "gpt-4o-2024"));
        client.Generate(Requests.Hello("litellm:gpt-4o", ""","max_tokens":64,"request_id":"log-ok" """)).AssertOk();
        var (level, e, _) = Assert.Single(_sink.For("log-ok"));
        Assert.Equal(Log.Info, level);
        Assert.Equal("attempt", e.GetProperty("event").GetString());
        Assert.Equal("litellm", e.GetProperty("gen_ai.system").GetString());
        Assert.Equal("chat", e.GetProperty("gen_ai.operation.name").GetString());
        Assert.Equal("gpt-4o", e.GetProperty("gen_ai.request.model").GetString());
        Assert.Equal(64, e.GetProperty("gen_ai.request.max_tokens").GetInt32());
        Assert.Equal("gpt-4o-2024", e.GetProperty("gen_ai.response.model").GetString());
        Assert.Equal(12, e.GetProperty("gen_ai.usage.input_tokens").GetInt64());
        Assert.Equal(3, e.GetProperty("gen_ai.usage.output_tokens").GetInt64());
        Assert.Equal(1, e.GetProperty("attempt").GetInt32());
        Assert.Equal("ok", e.GetProperty("status").GetString());
        Assert.True(e.GetProperty("duration_ms").GetDouble() > 0);
    }

    [Fact]
    public void An_attempt_event_has_the_current_genai_names_beside_the_old_ones()
    {
        using var client = new TestClient(_server);
        _server.Enqueue(FakeResponse.Json(200, """
            {"id":"chatcmpl-log","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"length"}],
             "usage":{"prompt_tokens":40,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":32}}}
            """));
        client.Generate(Requests.Hello(extra: ""","request_id":"log-genai" """)).AssertOk();
        var (_, e, _) = Assert.Single(_sink.For("log-genai"));
        Assert.Equal("litellm", e.GetProperty("gen_ai.provider.name").GetString());
        Assert.Equal("litellm", e.GetProperty("gen_ai.system").GetString());
        Assert.Equal("chatcmpl-log", e.GetProperty("gen_ai.response.id").GetString());
        Assert.Equal("[\"length\"]", e.GetProperty("gen_ai.response.finish_reasons").GetRawText());
        Assert.Equal(32, e.GetProperty("gen_ai.usage.cache_read.input_tokens").GetInt64());

        // A failed attempt knows none of them.
        _server.Enqueue(FakeResponse.Error(400, "no"));
        client.Generate(Requests.Hello(extra: ""","request_id":"log-genai-fail" """)).AssertStatus(LiteLlmStatus.HttpStatus);
        var failed = _sink.For("log-genai-fail").First(x => x.Event.GetProperty("event").GetString() == "attempt").Event;
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("gen_ai.response.id").ValueKind);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("gen_ai.response.finish_reasons").ValueKind);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("gen_ai.usage.cache_read.input_tokens").ValueKind);
    }

    [Fact]
    public void Retries_warn_with_the_delay_and_failures_are_errors()
    {
        using var client = new TestClient(_server, maxRetries: 1, backoff: TimeSpan.FromMilliseconds(40));
        _server.Enqueue(FakeResponse.Error(503, "busy"), FakeResponse.Error(503, "still busy"));
        client.Generate(Requests.Hello(extra: ""","request_id":"log-fail" """)).AssertStatus(LiteLlmStatus.HttpStatus);
        var events = _sink.For("log-fail");
        Assert.Equal(new[] { "attempt", "retry", "attempt", "error" }, events.Select(x => x.Event.GetProperty("event").GetString()));
        var retry = events[1];
        Assert.Equal(Log.Warn, retry.Level);
        Assert.InRange(retry.Event.GetProperty("delay_ms").GetDouble(), 30, 40);
        Assert.Equal("backoff", retry.Event.GetProperty("delay_source").GetString());
        Assert.Equal("http_status", events[0].Event.GetProperty("status").GetString());
        Assert.Equal(503, events[0].Event.GetProperty("http.response.status_code").GetInt32());
        Assert.Equal(Log.Error, events[3].Level);
        Assert.Equal(2, events[3].Event.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void Escalations_are_logged_as_warnings()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Completion("not json"), FakeResponse.Completion("""{"status":"success","output":1}"""));
        client.Run("""{"models":["a","b"],"task_prompt":"t","request_id":"log-run","repair_attempts":0}""").AssertOk();
        var escalation = Assert.Single(_sink.For("log-run"), x => x.Event.GetProperty("event").GetString() == "escalation");
        Assert.Equal(Log.Warn, escalation.Level);
        Assert.Equal("a", escalation.Event.GetProperty("gen_ai.request.model").GetString());
    }

    [Fact]
    public void A_ladders_events_come_in_the_order_of_its_requests()
    {
        // Model-directed, nothing queued: invalid-result fails and fails its repair; no-schema
        // refuses json_schema, then echoes the task, a result asking to escalate; repairable
        // fails, then answers its repair.
        using var client = new TestClient(_server, maxRetries: 0);
        client.Run("""{"models":["invalid-result","no-schema","repairable"],"json_mode":"auto","request_id":"log-ladder","""
                + """ "task_prompt":"{\"status\":\"escalate\",\"summary\":\"needs a bigger model\"}"}""")
            .AssertOk();
        var trail = _sink.For("log-ladder").Select(x =>
            $"{x.Event.GetProperty("event").GetString()} {x.Event.GetProperty("gen_ai.request.model").GetString()}"
            + (x.Event.TryGetProperty("status", out var st) ? " " + st.GetString() : "")).ToList();
        Assert.Equal(new[]
        {
            "attempt invalid-result ok", "attempt invalid-result ok", "escalation invalid-result",
            "attempt no-schema http_status", "attempt no-schema ok", "escalation no-schema",
            "attempt repairable ok", "attempt repairable ok",
        }, trail);
    }

    [Fact]
    public void The_api_key_never_reaches_a_log_event()
    {
        const string key = "sk-log-secret-0987654321";
        using var client = new TestClient(_server, apiKey: key, maxRetries: 1);
        _server.Enqueue(FakeResponse.Error(500, $"bad key {key}"), FakeResponse.Error(401, $"bad key {key}"));
        client.Generate(Requests.Hello(extra: ""","request_id":"log-key" """)).AssertStatus(LiteLlmStatus.HttpStatus);
        var events = _sink.For("log-key");
        Assert.NotEmpty(events);
        Assert.All(events, x => Assert.DoesNotContain(key, x.Json));
    }

    [Fact]
    public void Min_level_filters_and_removing_the_sink_stops_events()
    {
        using var client = new TestClient(_server);
        Log.Configure(_sink, Log.Error);
        _server.Enqueue(FakeResponse.Completion("ok"));
        client.Generate(Requests.Hello(extra: ""","request_id":"log-min" """)).AssertOk();
        Assert.Empty(_sink.For("log-min"));
        Log.Configure(null, 0);
        int before = _sink.Count;
        _server.Enqueue(FakeResponse.Error(400, "x"));
        client.Generate(Requests.Hello(extra: ""","request_id":"log-off" """));
        Assert.Equal(before, _sink.Count);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogCollection
{
    public const string Name = "process-wide log";
}
