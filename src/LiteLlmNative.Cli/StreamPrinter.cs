using System;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Cli;

/// <summary>
/// What <c>litellm generate</c> prints for an answer (docs/cli.md#generate): the content and a newline, then
/// one line per tool call, <c>tool call ID: NAME ARGUMENTS</c> (ARGUMENTS as compact JSON: the
/// parsed object, or a JSON string when the model's arguments were not valid JSON). An answer with
/// neither content nor tool calls is one empty line. Streamed or not, the bytes are the same.
/// </summary>
internal static class AnswerPrinter
{
    /// <summary>--show-reasoning without --stream: the response's reasoning_content on stderr, then a newline, before the answer.</summary>
    public static void PrintReasoning(CliOutput output, JsonElement response)
    {
        if (response.TryGetProperty("reasoning_content", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 } reasoning)
        {
            output.Reasoning(reasoning.EndsWith('\n') ? reasoning : reasoning + "\n");
        }
    }

    /// <param name="response">The response document (docs/documents.md#generate-response).</param>
    /// <param name="contentPrinted">The content is already out (streamed) and only needs its newline.</param>
    public static void Print(CliOutput output, JsonElement response, bool contentPrinted)
    {
        string content = response.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        bool hasToolCalls = response.TryGetProperty("tool_calls", out var calls)
            && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0;
        if (content.Length > 0 || contentPrinted || !hasToolCalls)
        {
            if (contentPrinted) output.Write("\n");
            else output.WriteLine(output.ForStdout(content));
        }
        if (!hasToolCalls) return;
        foreach (JsonElement call in calls.EnumerateArray())
        {
            string? id = call.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            string name = call.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "?";
            string arguments = call.TryGetProperty("arguments", out var a) && a.ValueKind != JsonValueKind.Null ? Compact(a) : "{}";
            output.WriteLine(output.ForStdout(id is null ? $"tool call: {name} {arguments}" : $"tool call {id}: {name} {arguments}"));
        }
    }

    private static string Compact(JsonElement value)
    {
        using var buffer = new Buffers.PooledBuffer(256);
        using (var writer = new Utf8JsonWriter(buffer, Json.JsonOutput.WriterOptions))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>
/// The stream callback of <c>litellm generate --stream</c>: prints each delta's content and flushes
/// it at once, or with --json each event as one JSON line (NDJSON). With --show-reasoning each
/// reasoning_delta's text goes to stderr as it comes (dimmed on a terminal), ended with a newline
/// when the answer's text begins. Stops the call when stdout's reader has gone.
/// </summary>
internal sealed class StreamPrinter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly CliOutput _output;
    private readonly bool _json;
    private readonly bool _showReasoning;
    private bool _contentPrinted;
    private bool _lineOpen;
    private bool _reasoningOpen; // reasoning was printed and its line not yet ended

    public StreamPrinter(CliOutput output, bool json, bool showReasoning = false)
    {
        _output = output;
        _json = json;
        _showReasoning = showReasoning;
    }

    /// <summary>One event from the library; false stops the call.</summary>
    public bool OnEvent(ReadOnlySpan<byte> eventJson)
    {
        if (_json)
        {
            _output.WriteLine(eventJson);
            _output.Flush();
        }
        else if (Text(eventJson, out bool reasoning) is { Length: > 0 } text)
        {
            if (reasoning)
            {
                if (!_showReasoning) return !_output.OutputClosed;
                _output.Reasoning(text);
                _reasoningOpen = text[^1] != '\n';
                return !_output.OutputClosed;
            }
            EndReasoning();
            _output.WriteNow(Utf8.GetBytes(_output.ForStdout(text)));
            _contentPrinted = true;
            _lineOpen = text[^1] != '\n';
        }
        return !_output.OutputClosed;
    }

    /// <summary>The reasoning shown so far gets its newline: what follows is the answer, or the end.</summary>
    private void EndReasoning()
    {
        if (!_reasoningOpen) return;
        _output.Reasoning("\n");
        _reasoningOpen = false;
    }

    /// <summary>The call succeeded: with --json the done event said it all; else end as the batch answer does.</summary>
    public int Finish(ReadOnlySpan<byte> document)
    {
        EndReasoning();
        if (!_json)
        {
            using var doc = JsonDocument.Parse(document.ToArray());
            AnswerPrinter.Print(_output, doc.RootElement, _contentPrinted);
            _lineOpen = false;
        }
        return ExitCodes.Success;
    }

    /// <summary>Before a failure's message: the partial answer gets its newline.</summary>
    public void EndPartialLine()
    {
        EndReasoning();
        if (!_lineOpen) return;
        _output.WriteNow("\n"u8);
        _lineOpen = false;
    }

    /// <summary>
    /// The content of a <c>{"type":"delta","content":"…"}</c> or (<paramref name="reasoning"/>)
    /// <c>{"type":"reasoning_delta","content":"…"}</c> event; null for any other event.
    /// </summary>
    private static string? Text(ReadOnlySpan<byte> eventJson, out bool reasoning)
    {
        reasoning = false;
        var reader = new Utf8JsonReader(eventJson);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        bool isText = false;
        string? content = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) return null;
                reasoning = reader.ValueTextEquals("reasoning_delta"u8);
                if (!reasoning && !reader.ValueTextEquals("delta"u8)) return null;
                isText = true;
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                content = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return isText ? content : null;
    }
}
