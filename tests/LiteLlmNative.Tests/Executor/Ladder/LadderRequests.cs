using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LiteLlmNative.Testing;

namespace LiteLlmNative.Tests.Executor.Ladder;

/// <summary>What the ladder tests send, and how they read what reached the server and what came back.</summary>
internal static class LadderRequests
{
    public const string Skill = "You classify tickets.";
    public const string TaskPrompt = "Ticket: invoice wrong";
    public const string Good = """{"status":"success","output":{"queue":"billing"},"confidence":0.9}""";
    /// <summary>Fails the default schema twice (as the fake's invalid Result does).</summary>
    public const string Invalid = """{"status":"done","confidence":1.5}""";
    public const string QueueSchema = """{"type":"object","required":["queue"],"properties":{"queue":{"enum":["billing","tech"]}}}""";

    public static string Run(string models = """["a","b"]""", string extra = "") =>
        $$"""{"models":{{models}},"skill_prompt":"{{Skill}}","task_prompt":"{{TaskPrompt}}"{{extra}}}""";

    /// <summary>The body of each request the server received, in order.</summary>
    public static List<JsonElement> Bodies(FakeOpenAiServer server) =>
        server.Requests.Select(r => r.BodyJson().RootElement).ToList();

    public static string? FormatType(JsonElement body) =>
        body.TryGetProperty("response_format", out var f) ? f.GetProperty("type").GetString() : null;

    public static List<(string Role, string Content)> Messages(JsonElement body) =>
        body.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();

    /// <summary>Each attempt as "model kind repair json_mode", for one-line comparisons.</summary>
    public static List<string> Attempts(JsonElement attempts) =>
        attempts.EnumerateArray().Select(a =>
            $"{a.GetProperty("model").GetString()} {a.GetProperty("kind").GetString()} {a.GetProperty("repair").GetInt32()} {a.GetProperty("json_mode").GetString()}").ToList();

    public static List<string> EscalatedModels(JsonElement escalations) =>
        escalations.EnumerateArray().Select(e => e.GetProperty("model").GetString()!).ToList();
}
