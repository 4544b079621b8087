using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using LiteLlmNative.Client;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Fuzz;

/// <summary>
/// 5,000 mutated generate, stream and run requests from a fixed seed against a fake server that
/// answers at once: whatever the bytes, the library answers with a status of the enum (never
/// internal) and a well-formed document whose kind names the status.
/// </summary>
public sealed class RequestFuzzTests : IDisposable
{
    private const int Seed = 20261122;
    private const int Count = 5000;

    private readonly FakeOpenAiServer _server = new();
    private readonly LiteLlmClient _client;
    private readonly ITestOutputHelper _out;

    public RequestFuzzTests(ITestOutputHelper output)
    {
        _out = output;
        _client = Api.CreateClient($$"""{"base_url":"{{_server.BaseUrl}}","api_key":"sk-fuzz","max_retries":0,"timeout_ms":2000}""");
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private enum Kind { Generate, Stream, Run }

    private static readonly (Kind Kind, string Json)[] Seeds =
    [
        (Kind.Generate, """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello"}]}"""),
        (Kind.Generate, """
            {"model":"litellm:gpt-4o","system":"You are terse.","messages":[{"role":"user","content":"What is the weather?"}],
             "max_tokens":256,"temperature":0.2,"top_p":1.0,"stop":["\n\n","END"],"seed":7,
             "tools":[{"name":"get_weather","description":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],
             "tool_choice":{"name":"get_weather"},"response_format":{"type":"json_object"},"user":"u-42",
             "metadata":{"tags":["batch"]},"extra_body":{"any_provider_field":true,"n":1},
             "headers":{"x-litellm-tags":"batch,nightly"},"request_id":"fuzz-1","timeout_ms":2000,"max_retries":0}
            """),
        (Kind.Generate, """
            {"model":"litellm_proxy/gpt-4o-mini","messages":[
              {"role":"system","content":"s"},
              {"role":"user","content":[{"type":"text","text":"part one "},{"type":"text","text":"part two"}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","name":"get_weather","arguments":{"city":"Oslo"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"{\"temp\":3}"},
              {"role":"user","content":"and tomorrow?","name":"bob"}],
             "tool_choice":"auto","stop":"STOP"}
            """),
        (Kind.Generate, """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"mock_response":"canned","request_id":"m-1"}"""),
        (Kind.Stream, """{"model":"gpt-4o","messages":[{"role":"user","content":"Stream me something longer than three characters"}],"max_tokens":10}"""),
        (Kind.Stream, """{"model":"tool","messages":[{"role":"user","content":"weather?"}],"tools":[{"name":"get_weather","parameters":{"type":"object"}}]}"""),
        (Kind.Run, """{"models":["a","b"],"skill_prompt":"Classify.","task_prompt":"{\"status\":\"success\",\"output\":{\"queue\":\"billing\"},\"confidence\":0.9}"}"""),
        (Kind.Run, """
            {"model":"gpt-4o-mini","skill_prompt":"s","task_prompt":"ticket text","json_mode":true,"min_confidence":0.5,"strict_json":false,
             "result_schema":{"type":"object","required":["status"],"additionalProperties":true,
               "properties":{"status":{"enum":["success","failure"]},"output":{"type":["object","string"],"properties":{"echo":{"type":"string","minLength":1,"maxLength":100,"pattern":"^[a-z ]+$"}}},
                 "confidence":{"type":"number","minimum":0,"maximum":1},"summary":{"type":"string"},"tags":{"type":"array","items":{"type":"string"},"minItems":0,"maxItems":3},"v":{"const":1}}},
             "max_tokens":512,"temperature":0,"timeout_ms":2000,"request_id":"t-1","headers":{"x-litellm-tags":"run"},"extra_body":{"k":1}}
            """),
        (Kind.Run, """{"models":["a"],"task_prompt":"x","mock_response":"{\"status\":\"escalate\"}"}"""),
    ];

    [Fact]
    public void Five_thousand_mutated_requests_all_end_with_a_status_of_the_enum_and_a_well_formed_document()
    {
        var random = new Random(Seed);
        var mutator = new Mutator(random);
        var statuses = new Tally();
        var byMutation = new Tally();
        var examples = new Dictionary<string, List<string>>();
        var failures = new List<string>();
        long slowest = 0;
        string slowestWhat = "";
        var total = Stopwatch.StartNew();

        // The seeds themselves must pass, or the mutations below test nothing.
        foreach (var (kind, json) in Seeds)
        {
            var outcome = Call(kind, Encoding.UTF8.GetBytes(json));
            Assert.True(outcome.Status == LiteLlmStatus.Ok || (kind == Kind.Run && outcome.Status == LiteLlmStatus.InvalidResult),
                $"seed {json} gave {outcome.Status}: {outcome.Json}");
        }

        for (int i = 0; i < Count; i++)
        {
            var (kind, json) = Seeds[random.Next(Seeds.Length)];
            byte[] request = mutator.Mutate(json, out string what);
            var sw = Stopwatch.StartNew();
            Outcome outcome;
            try
            {
                outcome = Call(kind, request);
            }
            catch (Exception e)
            {
                failures.Add($"#{i} {kind} {what}: threw {e.GetType().Name}: {e.Message}");
                continue;
            }

            long ms = sw.ElapsedMilliseconds;
            if (ms > slowest) (slowest, slowestWhat) = (ms, $"#{i} {kind} {what} -> {outcome.Status}");
            string label = $"{kind}:{outcome.Status}";
            statuses.Add(label);
            foreach (var m in what.Split('+')) byMutation.Add($"{m}->{(outcome.Status == LiteLlmStatus.Ok ? "ok" : outcome.Status == LiteLlmStatus.InvalidArgument ? "invalid_argument" : "other")}");
            try
            {
                Contract.AssertWellFormed(outcome, $"#{i} {kind} {what}", kind == Kind.Run ? "result" : "content");
            }
            catch (Exception e)
            {
                failures.Add($"#{i} {kind} {what}: {e.Message}\n    request: {Contract.Cut(Show(request), 400)}");
                continue;
            }

            if (outcome.Status is not (LiteLlmStatus.Ok or LiteLlmStatus.InvalidArgument))
            {
                if (!examples.TryGetValue(label, out var list)) examples[label] = list = new List<string>();
                if (list.Count < 3) list.Add($"#{i} {what}: {Contract.Cut(outcome.ErrorMessage, 300)}\n      request: {Contract.Cut(Show(request), 300)}");
            }
        }

        _out.WriteLine($"{Count} mutated requests (seed {Seed}) in {total.ElapsedMilliseconds} ms; slowest {slowest} ms ({slowestWhat})");
        _out.WriteLine($"statuses: {statuses}");
        _out.WriteLine($"by mutation: {byMutation}");
        _out.WriteLine($"server saw {_server.Requests.Count} requests");
        foreach (var (label, list) in examples.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            _out.WriteLine($"examples of {label}:");
            foreach (var e in list) _out.WriteLine("   " + e);
        }

        foreach (var f in failures.Take(30)) _out.WriteLine("FAIL " + f);
        Assert.True(failures.Count == 0, $"{failures.Count} of {Count} calls broke the contract; first:\n{string.Join("\n", failures.Take(8))}");
    }

    private Outcome Call(Kind kind, byte[] request) => kind switch
    {
        Kind.Generate => Api.Generate(_client, request),
        Kind.Run => Api.Run(_client, request),
        _ => Api.StreamCounting(_client, request).Outcome,
    };

    /// <summary>The request as text, invalid UTF-8 shown as U+FFFD.</summary>
    private static string Show(byte[] request) => Encoding.UTF8.GetString(request).Replace("\n", " ");
}
