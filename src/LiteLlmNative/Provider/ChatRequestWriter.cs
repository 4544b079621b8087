using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Provider;

/// <summary>
/// Writes OpenAI's <c>/chat/completions</c> body straight to UTF-8 in a pooled buffer: this is
/// the hot path, and a writer lets <c>extra_body</c> override any field without a second pass.
/// </summary>
internal static class ChatRequestWriter
{
    public static void Write(ChatRequest r, IBufferWriter<byte> output)
    {
        using var w = new Utf8JsonWriter(output, JsonOutput.WriterOptions);
        JsonElement extra = r.ExtraBody;
        w.WriteStartObject();
        if (!Overridden(extra, "model")) w.WriteString("model", r.Model);
        if (!Overridden(extra, "messages"))
        {
            w.WriteStartArray("messages");
            foreach (var m in r.Messages) WriteMessage(w, m);
            w.WriteEndArray();
        }
        if (r.MaxTokens is { } maxTokens && !Overridden(extra, r.MaxTokensName)) w.WriteNumber(r.MaxTokensName, maxTokens);
        if (r.Temperature is { } temperature && !Overridden(extra, "temperature")) w.WriteNumber("temperature", temperature);
        if (r.TopP is { } topP && !Overridden(extra, "top_p")) w.WriteNumber("top_p", topP);
        WriteElement(w, "stop", r.Stop, extra);
        if (r.Seed is { } seed && !Overridden(extra, "seed")) w.WriteNumber("seed", seed);
        if (r.Tools is { Count: > 0 } tools && !Overridden(extra, "tools"))
        {
            w.WriteStartArray("tools");
            foreach (var t in tools) WriteTool(w, t);
            w.WriteEndArray();
        }
        WriteElement(w, "tool_choice", r.ToolChoice, extra);
        WriteElement(w, "response_format", r.ResponseFormat, extra);
        if (r.User is not null && !Overridden(extra, "user")) w.WriteString("user", r.User);
        WriteElement(w, "metadata", r.Metadata, extra);
        if (r.Stream)
        {
            if (!Overridden(extra, "stream")) w.WriteBoolean("stream", true);
            if (!Overridden(extra, "stream_options"))
            {
                w.WriteStartObject("stream_options");
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }
        }
        if (extra.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in extra.EnumerateObject()) p.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter w, ChatMessage m)
    {
        w.WriteStartObject();
        w.WriteString("role", m.Role);
        if (m.Text is not null) w.WriteString("content", m.Text);
        else if (m.Parts.ValueKind == JsonValueKind.Array) { w.WritePropertyName("content"); m.Parts.WriteTo(w); }
        else w.WriteNull("content");
        if (m.Name is not null) w.WriteString("name", m.Name);
        if (m.ToolCallId is not null) w.WriteString("tool_call_id", m.ToolCallId);
        if (m.ToolCalls is { Count: > 0 } calls)
        {
            w.WriteStartArray("tool_calls");
            foreach (var c in calls) WriteToolCall(w, c);
            w.WriteEndArray();
        }
        WriteOthers(w, m.Others);
        w.WriteEndObject();
    }

    private static void WriteToolCall(Utf8JsonWriter w, ChatToolCall c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("type", c.Type);
        w.WriteStartObject("function");
        w.WriteString("name", c.Name);
        w.WriteString("arguments", c.Arguments);
        if (c.Function.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in c.Function.EnumerateObject())
            {
                if (p.Name is not ("name" or "arguments")) p.WriteTo(w);
            }
        }
        w.WriteEndObject();
        WriteOthers(w, c.Others);
        w.WriteEndObject();
    }

    /// <summary>The members a host gave beyond ours, on unchanged.</summary>
    private static void WriteOthers(Utf8JsonWriter w, IReadOnlyDictionary<string, JsonElement>? others)
    {
        if (others is null) return;
        foreach (var (name, value) in others)
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
    }

    private static void WriteTool(Utf8JsonWriter w, ToolDocument t)
    {
        w.WriteStartObject();
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", t.Name);
        if (t.Description is not null) w.WriteString("description", t.Description);
        if (t.Parameters.ValueKind == JsonValueKind.Object) { w.WritePropertyName("parameters"); t.Parameters.WriteTo(w); }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter w, string name, JsonElement value, JsonElement extra)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null || Overridden(extra, name)) return;
        w.WritePropertyName(name);
        value.WriteTo(w);
    }

    private static bool Overridden(JsonElement extra, string name) =>
        extra.ValueKind == JsonValueKind.Object && extra.TryGetProperty(name, out _);
}
