using System;
using System.Collections.Generic;
using System.Text;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Provider;

/// <summary>
/// Builds the final response of a stream from its chunks, as litellm_generate would answer.
/// The text is kept as UTF-8 (it may be as large as max_response_bytes); dispose it.
/// </summary>
internal sealed class StreamAggregator : IDisposable
{
    private readonly PooledBuffer _content = new(0);
    // A stream has a handful of tool calls at most: a list searched by index (a sorted
    // dictionary of tuples costs about 8 KB of generic code in the NativeAOT library).
    private readonly List<ToolCallParts> _toolCalls = new();

    private sealed class ToolCallParts(int index)
    {
        public readonly int Index = index;
        public string? Id, Name;
        public readonly StringBuilder Arguments = new();
    }

    public string? Model { get; set; }
    public string? FinishReason { get; private set; }
    public bool SawFinish { get; private set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }

    /// <summary>The start of the text so far, at least <paramref name="maxChars"/> characters of it when it has them.</summary>
    public string ContentPrefix(int maxChars)
    {
        // A character is at most 3 UTF-8 bytes per UTF-16 unit; a cut inside one decodes to
        // U+FFFD past the characters asked for.
        var utf8 = _content.WrittenSpan;
        return Encoding.UTF8.GetString(utf8.Length / 3 > maxChars ? utf8[..(maxChars * 3)] : utf8);
    }

    public void AddContent(string text)
    {
        int n = Encoding.UTF8.GetBytes(text, _content.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        _content.Advance(n);
    }

    public void AddToolCall(int index, string? id, string? name, string? arguments)
    {
        var call = _toolCalls.Find(c => c.Index == index);
        if (call is null) _toolCalls.Add(call = new ToolCallParts(index));
        call.Id ??= id;
        call.Name ??= name;
        call.Arguments.Append(arguments);
    }

    public void Finish(string finishReason)
    {
        FinishReason = finishReason;
        SawFinish = true;
    }

    public GenerateResponseDocument ToResponse(string requestedModel)
    {
        var calls = new List<ToolCallDocument>(_toolCalls.Count);
        _toolCalls.Sort((a, b) => a.Index.CompareTo(b.Index)); // in index order, as they are numbered
        foreach (var call in _toolCalls)
        {
            calls.Add(new ToolCallDocument
            {
                Id = call.Id ?? "",
                Name = call.Name ?? "",
                Arguments = ChatResponseReader.ParseArguments(call.Arguments.ToString()),
            });
        }
        return ResponseFactory.Create(Utf8Text.Copy(_content.WrittenSpan), calls, InputTokens, OutputTokens, Model ?? requestedModel, FinishReason);
    }

    public void Dispose() => _content.Dispose();
}
