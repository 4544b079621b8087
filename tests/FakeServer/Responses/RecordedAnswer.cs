using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace LiteLlmNative.Testing;

/// <summary>
/// An answer in the exact shape a real server sends, written down from that server's public
/// documentation and API reference (each file cites its pages): the status, the headers and
/// either a JSON body or the stream's events. A file also says what the library must make of
/// it (<see cref="Expect"/>); the compatibility suite replays each one and checks that. See
/// Fixtures/README.md for the format.
/// </summary>
public sealed class RecordedAnswer
{
    private RecordedAnswer(string name, JsonElement root)
    {
        Name = name;
        Root = root;
    }

    /// <summary>The file's name below Fixtures/, without ".json": <c>openai/stream-tool-calls</c>.</summary>
    public string Name { get; }

    public JsonElement Root { get; }

    public string Provider => Root.GetProperty("provider").GetString()!;

    public IReadOnlyList<string> Sources => Root.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!).ToList();

    private JsonElement Answer => Root.GetProperty("answer");

    /// <summary>Whether the answer is a stream (its events), not one JSON body.</summary>
    public bool IsStream => Answer.TryGetProperty("sse", out _);

    /// <summary>What the library must answer: <c>{"response": …, "events": […]}</c> or <c>{"error": …}</c>.</summary>
    public JsonElement Expect => Root.GetProperty("expect");

    /// <summary>The request members the answer goes with (tools, say), or an empty object.</summary>
    public JsonElement Request => Root.TryGetProperty("request", out var r) ? r : default;

    /// <summary>The answer as the fake server sends it.</summary>
    public FakeResponse ToResponse()
    {
        var answer = Answer;
        int status = answer.TryGetProperty("status", out var s) ? s.GetInt32() : 200;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (answer.TryGetProperty("headers", out var h))
        {
            foreach (var header in h.EnumerateObject()) headers[header.Name] = header.Value.GetString()!;
        }
        if (answer.TryGetProperty("body", out var body))
        {
            return FakeResponse.Json(status, body.GetRawText(), headers);
        }
        return new SseResponse([Encoding.UTF8.GetBytes(SseText(answer.GetProperty("sse")))], ChunkSize: null, Delay: null, headers);
    }

    /// <summary>
    /// The stream's bytes: an object is one <c>data:</c> event (compact, as servers write them);
    /// a string is written as it is, then a blank line (a comment, <c>data: [DONE]</c>, any line).
    /// </summary>
    public static string SseText(JsonElement events)
    {
        var text = new StringBuilder();
        foreach (var e in events.EnumerateArray())
        {
            text.Append(e.ValueKind == JsonValueKind.String ? e.GetString() : "data: " + Compact(e)).Append("\n\n");
        }
        return text.ToString();
    }

    private static string Compact(JsonElement e)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            e.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Every recorded answer, in name order.</summary>
    public static IReadOnlyList<RecordedAnswer> All()
    {
        string root = Directory;
        return System.IO.Directory.GetFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(path => Load(Path.GetRelativePath(root, path)[..^".json".Length].Replace('\\', '/')))
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The answer <paramref name="name"/> (<c>openai/stream-tool-calls</c>).</summary>
    public static RecordedAnswer Load(string name)
    {
        if (name.Contains("..", StringComparison.Ordinal)) throw new ArgumentException("a fixture name stays inside Fixtures/", nameof(name));
        string path = Path.Combine(Directory, name + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return new RecordedAnswer(name, doc.RootElement.Clone());
    }

    /// <summary>Fixtures/ next to this assembly (copied there by the build), else in the source tree above it.</summary>
    public static string Directory { get; } = FindDirectory();

    private static string FindDirectory()
    {
        string here = Path.GetDirectoryName(typeof(RecordedAnswer).Assembly.Location) ?? AppContext.BaseDirectory;
        string beside = Path.Combine(here, "Fixtures");
        if (System.IO.Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "FakeServer", "Fixtures");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/FakeServer/Fixtures not found above " + here);
    }
}
