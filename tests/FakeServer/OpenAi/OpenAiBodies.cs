using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LiteLlmNative.Testing;

/// <summary>Non-streaming OpenAI response bodies: chat.completion and the error envelope.</summary>
internal static class OpenAiBodies
{
    public const string DefaultId = "chatcmpl-fake";

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A chat.completion with one choice. With tool calls, content is null as OpenAI sends it.</summary>
    public static string Completion(
        string id,
        string model,
        string? content,
        string? finishReason,
        int promptTokens,
        int completionTokens,
        bool includeUsage,
        IReadOnlyList<ToolCall>? toolCalls = null) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", Now);
        w.WriteString("model", model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        WriteNullableString(w, "content", content);
        if (toolCalls is { Count: > 0 })
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in toolCalls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.Id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.Arguments);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        WriteNullableString(w, "finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        if (includeUsage)
        {
            WriteUsage(w, promptTokens, completionTokens);
        }

        w.WriteEndObject();
    });

    /// <summary>OpenAI's error envelope; absent type or code are written as JSON null.</summary>
    /// <summary>The executor's Result object with the echoed text as its output.</summary>
    public static string ResultObject(string echoed) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WriteStartObject("output");
        w.WriteString("echo", echoed);
        w.WriteEndObject();
        w.WriteString("summary", "answered by the fake server");
        w.WriteNumber("confidence", 1);
        w.WriteEndObject();
    });

    public static string Error(string message, string? type, string? code) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        WriteNullableString(w, "type", type);
        WriteNullableString(w, "code", code);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static void WriteUsage(Utf8JsonWriter w, int promptTokens, int completionTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", promptTokens + completionTokens);
        w.WriteEndObject();
    }

    public static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
