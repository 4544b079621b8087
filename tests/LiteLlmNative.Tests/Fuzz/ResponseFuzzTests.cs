using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlmNative.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit.Abstractions;

namespace LiteLlmNative.Tests.Fuzz;

/// <summary>
/// 2,000 mutated server answers from a fixed seed: completion bodies and SSE streams, changed in
/// ways that keep them valid (those must give OK with the right content), ways that break them
/// (those must give the status the break calls for), and at random (any status of the enum
/// but internal, with a well-formed document).
/// </summary>
public sealed class ResponseFuzzTests : IDisposable
{
    private const int Seed = 20261122;
    private const int Count = 2000;

    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;
    private readonly ITestOutputHelper _out;

    public ResponseFuzzTests(ITestOutputHelper output)
    {
        _out = output;
        _client = new TestClient(_server, maxRetries: 0, timeoutMs: 3000);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private enum Expect { Ok, BadResponse, Network, HttpStatus, Anything }

    /// <summary>One scripted answer, what the call must give, and (for OK) the content it must carry.</summary>
    private sealed record Case(string Name, bool Stream, FakeResponse Response, Expect Expect, string? Content, string Shown);

    [Fact]
    public void Two_thousand_mutated_answers_give_ok_when_still_valid_and_a_well_formed_status_otherwise()
    {
        var random = new Random(Seed);
        var mutator = new Mutator(random);
        var tally = new Tally();
        var failures = new List<string>();
        var examples = new Dictionary<string, string>();
        var total = Stopwatch.StartNew();
        long slowest = 0;
        string slowestWhat = "";
        for (int i = 0; i < Count; i++)
        {
            var c = i % 2 == 0 ? JsonCase(random, mutator) : SseCase(random, mutator);
            _server.Enqueue(c.Response);
            var sw = Stopwatch.StartNew();
            Outcome outcome = c.Stream ? Api.Stream(_client.Client, Requests.Hello()) : _client.Generate(Requests.Hello());
            long ms = sw.ElapsedMilliseconds;
            if (ms > slowest) (slowest, slowestWhat) = (ms, $"#{i} {c.Name}");
            string group = c.Name.Split(':')[0];
            tally.Add($"{group}->{outcome.Status}");
            string? problem = Judge(c, outcome, ms);
            if (problem is not null)
            {
                failures.Add($"#{i} {c.Name}: {problem}\n    answer: {Contract.Cut(c.Shown, 500)}");
            }
            else if (outcome.Status != LiteLlmStatus.Ok && !examples.ContainsKey($"{group}->{outcome.Status}"))
            {
                examples[$"{group}->{outcome.Status}"] = $"#{i} {c.Name}: {Contract.Cut(outcome.ErrorMessage, 200)}";
            }
        }

        _out.WriteLine($"{Count} mutated answers (seed {Seed}) in {total.ElapsedMilliseconds} ms; slowest {slowest} ms ({slowestWhat})");
        _out.WriteLine($"outcomes: {tally}");
        foreach (var (k, v) in examples.OrderBy(e => e.Key, StringComparer.Ordinal)) _out.WriteLine($"  e.g. {k}: {v}");
        foreach (var f in failures.Take(40)) _out.WriteLine("FAIL " + f);
        Assert.True(failures.Count == 0, $"{failures.Count} of {Count} answers were handled wrongly; first:\n{string.Join("\n", failures.Take(8))}");
    }

    private static string? Judge(Case c, Outcome outcome, long ms)
    {
        if (ms > 2500) return $"took {ms} ms";
        try
        {
            Contract.AssertWellFormed(outcome, c.Name);
        }
        catch (Exception e)
        {
            return e.Message;
        }

        var s = outcome.Status;
        switch (c.Expect)
        {
            case Expect.Ok:
                if (s != LiteLlmStatus.Ok) return $"a valid answer gave {s}: {Contract.Cut(outcome.Json, 400)}";
                string content = outcome.Doc.GetProperty("content").GetString()!;
                if (c.Content is not null && content != c.Content) return $"content \"{Contract.Cut(content, 80)}\", expected \"{Contract.Cut(c.Content, 80)}\"";
                return null;
            case Expect.BadResponse:
                return s == LiteLlmStatus.BadResponse ? null : $"expected bad_response, got {s}: {Contract.Cut(outcome.Json, 300)}";
            case Expect.HttpStatus:
                return s == LiteLlmStatus.HttpStatus ? null : $"expected http_status, got {s}: {Contract.Cut(outcome.Json, 300)}";
            case Expect.Network:
                if (s != LiteLlmStatus.Network) return $"expected network, got {s}: {Contract.Cut(outcome.Json, 300)}";
                return null;
            default:
                // A 200 framed by Content-Length (or a stream) can be accepted or refused, nothing else.
                bool allowed = c.Stream
                    ? s is LiteLlmStatus.Ok or LiteLlmStatus.BadResponse or LiteLlmStatus.Network or LiteLlmStatus.HttpStatus
                    : s is LiteLlmStatus.Ok or LiteLlmStatus.BadResponse;
                return allowed ? null : $"{s} is not an outcome this answer can have: {Contract.Cut(outcome.Json, 300)}";
        }
    }

    // ---- completion bodies ----

    private static JsonObject BaseCompletion(string content) => new()
    {
        ["id"] = "chatcmpl-fuzz",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "fuzz-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
    };

    private static JsonObject Choice(JsonObject root) => (JsonObject)((JsonArray)root["choices"]!)[0]!;

    private static JsonObject Message(JsonObject root) => (JsonObject)Choice(root)["message"]!;

    private Case JsonCase(Random random, Mutator mutator)
    {
        string content = random.Next(3) == 0 ? mutator.RandomText(1 + random.Next(20)) : "answer " + random.Next(1000).ToString(CultureInfo.InvariantCulture);
        var root = BaseCompletion(content);
        int pick = random.Next(100);
        if (pick < 40)
        {
            // Still valid: the library must answer OK with this content.
            string name;
            string expected = content;
            switch (random.Next(11))
            {
                case 0: name = "no usage"; root.Remove("usage"); break;
                case 1: name = "usage null"; root["usage"] = null; break;
                case 2:
                    name = "unknown members";
                    root["x_" + random.Next(100).ToString(CultureInfo.InvariantCulture)] = mutator.RandomValue(3, new Dictionary<string, string>());
                    Choice(root)["logprobs"] = mutator.RandomValue(2, new Dictionary<string, string>());
                    Message(root)["refusal"] = null;
                    Message(root)["annotations"] = new JsonArray();
                    root["system_fingerprint"] = "fp_1";
                    break;
                case 3: name = "finish_reason null"; Choice(root)["finish_reason"] = null; break;
                case 4: name = "finish_reason absent"; Choice(root).Remove("finish_reason"); break;
                case 5: name = "finish_reason unknown"; Choice(root)["finish_reason"] = mutator.RandomText(5); break;
                case 6:
                    name = "content parts";
                    int cut = random.Next(content.Length + 1);
                    while (cut > 0 && cut < content.Length && char.IsLowSurrogate(content[cut])) cut--;
                    Message(root)["content"] = new JsonArray(
                        new JsonObject { ["type"] = "text", ["text"] = content[..cut] },
                        new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "x" } },
                        new JsonObject { ["type"] = "text", ["text"] = content[cut..] });
                    break;
                case 7:
                    name = "extra choices";
                    ((JsonArray)root["choices"]!).Add(new JsonObject { ["index"] = 1, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "other" }, ["finish_reason"] = "stop" });
                    break;
                case 8: name = "no model, no id"; root.Remove("model"); root.Remove("id"); break;
                case 9: name = "content null"; Message(root)["content"] = null; expected = ""; break;
                default: name = "whitespace"; break;
            }

            string body = Render(root, random, pretty: name == "whitespace" || random.Next(4) == 0);
            return new Case("valid:" + name, false, FakeResponse.Json(200, body), Expect.Ok, expected, body);
        }

        if (pick < 60)
        {
            // Broken so that no completion can be read: bad_response.
            string name;
            string body;
            switch (random.Next(9))
            {
                case 0:
                    name = "truncated";
                    string whole = root.ToJsonString();
                    body = whole[..(1 + random.Next(whole.Length - 1))];
                    break;
                case 1: name = "choices empty"; root["choices"] = new JsonArray(); body = root.ToJsonString(); break;
                case 2: name = "choices missing"; root.Remove("choices"); body = root.ToJsonString(); break;
                case 3: name = "choices not an array"; root["choices"] = new[] { "\"nope\"", "5", "{}", "true" }[random.Next(4)] is var v ? null : null; body = root.ToJsonString().Replace("\"choices\":null", "\"choices\":" + v, StringComparison.Ordinal); break;
                case 4: name = "message missing"; Choice(root).Remove("message"); body = root.ToJsonString(); break;
                case 5: name = "root not an object"; body = new[] { "[]", "\"text\"", "42", "null", "true", "[{\"choices\":[]}]" }[random.Next(6)]; break;
                case 6: name = "error envelope"; body = """{"error":{"message":"upstream exploded","type":"server_error","code":500}}"""; break;
                case 7: name = "not json"; body = new[] { "<html>502 Bad Gateway</html>", "", " ", "OK", "data: {}\n\n" }[random.Next(5)]; break;
                default: name = "first choice null"; ((JsonArray)root["choices"]!)[0] = null; body = root.ToJsonString(); break;
            }

            return new Case("broken:" + name, false, FakeResponse.Json(200, body), Expect.BadResponse, null, body);
        }

        // At random: bytes or tree, one to three times.
        byte[] mutated = mutator.Mutate(root.ToJsonString(), out string what);
        return new Case("random:" + what, false, new RawBody(mutated).Response, Expect.Anything, null, Encoding.UTF8.GetString(mutated));
    }

    /// <summary>A 200 application/json with exactly these bytes (they may not even be UTF-8).</summary>
    private sealed record RawBody(byte[] Body)
    {
        public FakeResponse Response
        {
            get
            {
                byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\n\r\n");
                return FakeResponse.Raw(head.Concat(Body).ToArray(), closeAfter: false);
            }
        }
    }

    private static string Render(JsonNode root, Random random, bool pretty)
    {
        if (!pretty) return root.ToJsonString();
        // Whitespace JSON allows anywhere between tokens, and \u escapes for ASCII letters.
        string text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = LiteLlmJsonContext.Default });
        return text.Replace("\"assistant\"", "\"\\u0061ssistant\"", StringComparison.Ordinal).Replace("\n", random.Next(2) == 0 ? "\r\n\t" : "\n  ", StringComparison.Ordinal);
    }

    // ---- streams ----

    private static string DeltaChunk(string? content, string? finish = null, JsonNode? extra = null)
    {
        var delta = new JsonObject();
        if (content is not null) delta["content"] = content;
        var chunk = new JsonObject
        {
            ["id"] = "c",
            ["object"] = "chat.completion.chunk",
            ["model"] = "fuzz-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        if (extra is not null) chunk["x_extra"] = extra;
        return chunk.ToJsonString();
    }

    private const string UsageChunk = """{"id":"c","object":"chat.completion.chunk","model":"fuzz-model","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3}}""";

    private Case SseCase(Random random, Mutator mutator)
    {
        int pieces = 1 + random.Next(6);
        var contents = Enumerable.Range(0, pieces).Select(_ => random.Next(3) == 0 ? mutator.RandomText(1 + random.Next(6)) : "w" + random.Next(100).ToString(CultureInfo.InvariantCulture) + " ").ToList();
        string full = string.Concat(contents);
        var payloads = contents.Select(c => DeltaChunk(c)).ToList();
        payloads.Add(DeltaChunk(null, "stop"));
        payloads.Add(UsageChunk);
        int pick = random.Next(100);
        if (pick < 40)
        {
            string name;
            bool done = true;
            bool crlf = false;
            int? chunkSize = null;
            switch (random.Next(9))
            {
                case 0: name = "rechunked"; chunkSize = 1 + random.Next(40); break;
                case 1: name = "crlf rechunked"; crlf = true; chunkSize = 1 + random.Next(40); break;
                case 2: name = "no [DONE]"; done = false; break;
                case 3: name = "no usage"; payloads.RemoveAt(payloads.Count - 1); break;
                case 4: name = "role-only and empty-choice chunks"; payloads.Insert(0, """{"id":"c","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}"""); payloads.Insert(1, """{"id":"c","choices":[]}"""); break;
                case 5:
                    name = "unknown members";
                    payloads = contents.Select(c => DeltaChunk(c, null, mutator.RandomValue(2, new Dictionary<string, string>()))).ToList();
                    payloads.Add(DeltaChunk(null, "stop"));
                    break;
                case 6:
                    name = "pretty json over several data lines";
                    payloads = payloads.Select(p => JsonNode.Parse(p)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = LiteLlmJsonContext.Default })).ToList();
                    break;
                case 7:
                {
                    name = "comments, event, id and retry fields";
                    var raw = new StringBuilder(": hello\n\n");
                    foreach (var p in payloads) raw.Append("event: message\nid: 7\nretry: 1000\n: ping\ndata:").Append(p).Append("\n\n\n");
                    raw.Append("data: [DONE]\n\n");
                    return new Case("valid:" + name, true, FakeResponse.SseRaw(raw.ToString(), chunkSize: 1 + random.Next(64)), Expect.Ok, full, raw.ToString());
                }
                default: name = "finish then [DONE] only"; payloads.RemoveAt(payloads.Count - 1); done = true; break;
            }

            return new Case("valid:" + name, true, FakeResponse.Sse(payloads, includeDone: done, chunkSize: chunkSize, crlf: crlf), Expect.Ok, full,
                string.Join("\n", payloads));
        }

        if (pick < 60)
        {
            switch (random.Next(4))
            {
                case 0:
                    // Whole events, but the stream closes before the finish: network; before
                    // its first event, an empty 2xx stream: bad_response.
                    var cut = payloads.Take(random.Next(pieces + 1)).ToList();
                    return new Case("broken:ends before the finish", true, FakeResponse.Sse(cut, includeDone: false),
                        cut.Count == 0 ? Expect.BadResponse : Expect.Network, null, string.Join("\n", cut));
                case 1:
                    payloads.Insert(random.Next(pieces + 1), new[] { "not json", "{", "[1,2]x", "<html>" }[random.Next(4)]);
                    return new Case("broken:non-json event", true, FakeResponse.Sse(payloads), Expect.BadResponse, null, string.Join("\n", payloads));
                case 2:
                    payloads.Insert(random.Next(pieces + 1), """{"error":{"message":"overloaded","type":"rate_limit_error","code":"429"}}""");
                    return new Case("broken:in-band error with a status", true, FakeResponse.Sse(payloads), Expect.HttpStatus, null, string.Join("\n", payloads));
                default:
                    payloads.Insert(random.Next(pieces + 1), """{"error":{"message":"model crashed"}}""");
                    return new Case("broken:in-band error without a status", true, FakeResponse.Sse(payloads), Expect.BadResponse, null, string.Join("\n", payloads));
            }
        }

        byte[] body = FakeResponse.SseBody(payloads);
        byte[] mutated = mutator.Bytes(body, out string what);
        if (random.Next(2) == 0) mutated = mutator.Bytes(mutated, out string more) is var m ? (what += "+" + more) is { } ? m : m : m;
        return new Case("random:" + what, true, FakeResponse.SseCutAt(mutated, mutated.Length, CutMode.Fin), Expect.Anything, null, Encoding.UTF8.GetString(mutated));
    }
}
