using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LiteLlmNative.Testing;

/// <summary>
/// The data payloads of a streamed answer (chat.completion.chunk objects), in the order OpenAI
/// sends them: role and first delta, further deltas, a finish chunk, then an optional usage chunk
/// with empty choices. <c>[DONE]</c> is added by the SSE framing, not here.
/// </summary>
internal static class OpenAiChunks
{
    /// <summary>Pieces this small make the client reassemble content across many events.</summary>
    public const int PieceLength = 3;

    public static List<string> ForContent(string id, string model, string content, int promptTokens, int completionTokens, bool includeUsage, int pieceLength = PieceLength)
    {
        var chunks = new List<string>();
        bool first = true;
        foreach (var piece in Split(content, pieceLength))
        {
            bool withRole = first;
            chunks.Add(Chunk(id, model, w =>
            {
                if (withRole)
                {
                    w.WriteString("role", "assistant");
                }

                w.WriteString("content", piece);
            }, finishReason: null));
            first = false;
        }

        chunks.Add(Chunk(id, model, _ => { }, "stop"));
        if (includeUsage)
        {
            chunks.Add(Usage(id, model, promptTokens, completionTokens));
        }

        return chunks;
    }

    /// <summary>One call: a first delta with id and name, then the arguments string in pieces.</summary>
    public static List<string> ForToolCall(string id, string model, ToolCall call, int promptTokens, int completionTokens, bool includeUsage)
    {
        var chunks = new List<string>
        {
            Chunk(id, model, w =>
            {
                w.WriteString("role", "assistant");
                w.WriteNull("content");
                WriteToolCallDelta(w, c =>
                {
                    c.WriteString("id", call.Id);
                    c.WriteString("type", "function");
                }, call.Name, string.Empty);
            }, finishReason: null),
        };

        foreach (var piece in Split(call.Arguments, PieceLength))
        {
            chunks.Add(Chunk(id, model, w => WriteToolCallDelta(w, _ => { }, name: null, piece), finishReason: null));
        }

        chunks.Add(Chunk(id, model, _ => { }, "tool_calls"));
        if (includeUsage)
        {
            chunks.Add(Usage(id, model, promptTokens, completionTokens));
        }

        return chunks;
    }

    private static IEnumerable<string> Split(string text, int pieceLength)
    {
        int start = 0;
        while (start < text.Length)
        {
            int end = Math.Min(start + pieceLength, text.Length);
            // Never cut a surrogate pair: each delta must be valid JSON text on its own.
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            yield return text[start..end];
            start = end;
        }
    }

    private static void WriteToolCallDelta(Utf8JsonWriter w, Action<Utf8JsonWriter> writeHead, string? name, string arguments)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        writeHead(w);
        w.WriteStartObject("function");
        if (name is not null)
        {
            w.WriteString("name", name);
        }

        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static string Chunk(string id, string model, Action<Utf8JsonWriter> writeDelta, string? finishReason) => JsonText.Write(w =>
    {
        WriteChunkHead(w, id, model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        writeDelta(w);
        w.WriteEndObject();
        OpenAiBodies.WriteNullableString(w, "finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Usage(string id, string model, int promptTokens, int completionTokens) => JsonText.Write(w =>
    {
        WriteChunkHead(w, id, model);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        OpenAiBodies.WriteUsage(w, promptTokens, completionTokens);
        w.WriteEndObject();
    });

    private static void WriteChunkHead(Utf8JsonWriter w, string id, string model)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", OpenAiBodies.Now);
        w.WriteString("model", model);
    }
}
