using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlmNative.Executor;
using Xunit;

namespace LiteLlmNative.Tests.Support;

/// <summary>
/// The contract in <c>docs/schema/</c>, applied to every document the tests see the library
/// emit (through <see cref="TestClient"/> and <see cref="Api"/>): a field added to a
/// document and not to its schema, or the other way round, fails the suite. The schemas are
/// standard JSON Schema; their relative <c>$ref</c>s are resolved here (a schema is expanded at
/// most twice on one path, so an escalation's error is checked but what would be its own
/// escalations, which the library never writes, is left unconstrained)
/// and they are checked with the library's own validator.
/// </summary>
internal static class DocumentSchemas
{
    private static readonly string Directory = FindDirectory();
    private static readonly Dictionary<string, ResultSchema> Compiled = new();

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "docs", "schema");
            if (File.Exists(Path.Combine(candidate, "response.schema.json"))) return candidate;
        }
        throw new InvalidOperationException("docs/schema not found above " + AppContext.BaseDirectory);
    }

    public static ResultSchema Get(string name)
    {
        lock (Compiled)
        {
            if (!Compiled.TryGetValue(name, out var schema))
            {
                var resolved = Resolve(name, new Dictionary<string, int>());
                schema = ResultSchema.Compile(JsonDocument.Parse(resolved.ToJsonString()).RootElement);
                Compiled[name] = schema;
            }
            return schema;
        }
    }

    private static JsonNode Resolve(string name, Dictionary<string, int> expanding)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, name)))!;
        expanding[name] = expanding.GetValueOrDefault(name) + 1;
        var result = Inline(node, expanding);
        expanding[name]--;
        return result;
    }

    private static JsonNode Inline(JsonNode node, Dictionary<string, int> expanding)
    {
        if (node is JsonObject obj)
        {
            if (obj["$ref"] is JsonValue reference && reference.TryGetValue(out string? target))
            {
                return expanding.GetValueOrDefault(target) >= 2 ? new JsonObject() : Resolve(target, expanding);
            }
            var copy = new JsonObject();
            foreach (var (key, value) in obj) copy[key] = value is null ? null : Inline(value, expanding);
            return copy;
        }
        if (node is JsonArray array)
        {
            var copy = new JsonArray();
            foreach (var item in array) copy.Add(item is null ? null : Inline(item, expanding));
            return copy;
        }
        return node.DeepClone();
    }

    /// <summary>Fails the test when <paramref name="json"/> breaks the schema <paramref name="name"/>.</summary>
    public static void AssertValid(string name, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var violations = Get(name).Validate(doc.RootElement);
        Assert.True(violations.Count == 0, $"{name}: {string.Join("; ", violations)} in {Contract.Cut(json, 400)}");
    }

    /// <summary>A document a call answered with: its kind's schema by its status.</summary>
    public static void AssertValid(LiteLlmStatus status, string json, bool run)
    {
        if (json.Length == 0) return; // a test host that produced no document (INTERNAL) is judged elsewhere
        AssertValid(status == LiteLlmStatus.Ok ? (run ? "run-result.schema.json" : "response.schema.json") : "error.schema.json", json);
    }

    /// <summary>What is wrong with a log event by its schema (by its "event"), or null.</summary>
    public static string? LogEventViolations(string json)
    {
        using var doc = JsonDocument.Parse(json);
        string? kind = doc.RootElement.TryGetProperty("event", out var e) ? e.GetString() : null;
        string? schema = kind switch
        {
            "attempt" => "log-attempt.schema.json",
            "retry" => "log-retry.schema.json",
            "error" or "escalation" => "log-failure.schema.json",
            _ => null,
        };
        if (schema is null) return $"a log event of unknown kind {kind}: {json}";
        var violations = Get(schema).Validate(doc.RootElement);
        return violations.Count == 0 ? null : $"{schema}: {string.Join("; ", violations)} in {json}";
    }

    /// <summary>A stream event, by its type.</summary>
    public static void AssertValidEvent(JsonElement e)
    {
        string type = e.GetProperty("type").GetString()!;
        AssertValid(type switch
        {
            "delta" => "event-delta.schema.json",
            "reasoning_delta" => "event-reasoning-delta.schema.json",
            "tool_call_delta" => "event-tool-call-delta.schema.json",
            "done" => "event-done.schema.json",
            _ => throw new Xunit.Sdk.XunitException($"an event of unknown type {type}"),
        }, e.GetRawText());
    }
}
