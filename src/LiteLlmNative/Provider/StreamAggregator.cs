using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Json;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Provider;

/// <summary>
/// Builds the final response of a stream from its chunks, as litellm_generate would answer:
/// the text, the reasoning, the thinking blocks, the tool calls and, from all of them, the
/// assistant message as its deltas add up (docs/documents.md#stream-events). The text is kept
/// as UTF-8 (it may be as large as max_response_bytes); dispose it.
/// </summary>
internal sealed class StreamAggregator : IDisposable
{
    private readonly PooledBuffer _content = new(0);
    private bool _contentIsText;
    private StringBuilder? _reasoningContent, _reasoning;
    private string? _role;
    private List<MergedJson>? _thinkingBlocks;
    private bool _thinkingBlockOpen;
    // The delta's members without a rule of their own (provider_specific_fields, refusal,
    // annotations, reasoning_details, …), merged as they come.
    private MergedJson? _others;
    // A stream has a handful of tool calls at most: a list in order of first appearance (a
    // sorted dictionary of tuples costs about 8 KB of generic code in the NativeAOT library).
    private readonly List<ToolCallParts> _toolCalls = new();

    private sealed class ToolCallParts(int? providerIndex)
    {
        public readonly int? ProviderIndex = providerIndex;
        public string? Id, Name, Type;
        public readonly StringBuilder Arguments = new();
        public MergedJson? Others;
    }

    public string? Model { get; set; }
    /// <summary>The completion's id: the first a chunk gave (Azure's filter chunks have "").</summary>
    public string? Id { get; private set; }
    public string? FinishReason { get; private set; }
    public bool SawFinish { get; private set; }
    /// <summary>Chunks read, [DONE] not counted: a stream with none is no answer.</summary>
    public int Chunks { get; set; }
    public long InputTokens { get; private set; }
    public long OutputTokens { get; private set; }
    public long CachedTokens { get; private set; }
    public long CacheCreationTokens { get; private set; }
    public long ReasoningTokens { get; private set; }
    /// <summary>usage.cost of the last chunk that had one (LiteLLM and OpenRouter put it in the last).</summary>
    public double? Cost { get; private set; }

    /// <summary>The start of the text so far, at least <paramref name="maxChars"/> characters of it when it has them.</summary>
    public string ContentPrefix(int maxChars)
    {
        // A character is at most 3 UTF-8 bytes per UTF-16 unit; a cut inside one decodes to
        // U+FFFD past the characters asked for.
        var utf8 = _content.WrittenSpan;
        return Encoding.UTF8.GetString(utf8.Length / 3 > maxChars ? utf8[..(maxChars * 3)] : utf8);
    }

    public void TakeId(string? id)
    {
        if (Id is null && !string.IsNullOrEmpty(id)) Id = id;
    }

    /// <summary>A chunk's usage: each count it gives replaces the one before (the last chunk's are the totals).</summary>
    public void AddUsage(in UsageFields usage)
    {
        if (usage.PromptTokens is { } input) InputTokens = Math.Max(0, input);
        if (usage.CompletionTokens is { } output) OutputTokens = Math.Max(0, output);
        if (usage.Cached is { } cached) CachedTokens = cached;
        if (usage.CacheCreationTokens is { } created) CacheCreationTokens = created;
        if (usage.ReasoningTokens is { } reasoning) ReasoningTokens = reasoning;
        if (usage.Cost is { } cost) Cost = cost;
    }

    public void AddContent(string text)
    {
        int n = Encoding.UTF8.GetBytes(text, _content.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        _content.Advance(n);
    }

    /// <summary>The delta's role, and whether its content was a string: what the message says.</summary>
    public void AddShape(string? role, bool contentIsText)
    {
        _role ??= role;
        _contentIsText |= contentIsText;
    }

    public void AddReasoningContent(string text) => (_reasoningContent ??= new StringBuilder()).Append(text);

    public void AddReasoning(string text) => (_reasoning ??= new StringBuilder()).Append(text);

    /// <summary>
    /// A delta's thinking_blocks (LiteLLM's, from Anthropic): pieces of one block's thinking
    /// text add up until a piece carries the block's signature, which closes it; a
    /// redacted_thinking block stands alone.
    /// </summary>
    public void AddThinkingBlocks(ReadOnlySpan<byte> array)
    {
        var reader = new Utf8JsonReader(array);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip(); // not a block: nothing to add up
                continue;
            }
            var ahead = reader; // a copy, to look at the piece before merging it
            var piece = MergedJson.Read(ref ahead);
            _thinkingBlocks ??= new();
            if (piece.Member("type")?.Text == "redacted_thinking")
            {
                _thinkingBlocks.Add(piece);
                _thinkingBlockOpen = false;
                reader = ahead;
                continue;
            }
            if (!_thinkingBlockOpen)
            {
                _thinkingBlocks.Add(MergedJson.NewObject());
                _thinkingBlockOpen = true;
            }
            _thinkingBlocks[^1].MergeObject(ref reader);
            if (piece.Member("signature")?.Text is { Length: > 0 }) _thinkingBlockOpen = false;
        }
    }

    /// <summary>A delta member without a rule of its own, merged into the message.</summary>
    public void AddOther(string name, ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        reader.Read();
        (_others ??= MergedJson.NewObject()).Set(name, ref reader);
    }

    /// <summary>
    /// A fragment of a tool call; returns the call's number (0, 1, … in order of first
    /// appearance), which the events use. Providers differ: a fragment with no index belongs to
    /// the call before it unless it brings a new id (one call at a time), indices may start at
    /// 1, an index may be reused for the next call under a new id, and the name may come after
    /// the first arguments.
    /// </summary>
    public int AddToolCall(WireToolCall call, ReadOnlySpan<byte> chunk, out string? newId, out string? newName)
    {
        string? id = string.IsNullOrEmpty(call.Id) ? null : call.Id;
        int at = FindCall(call.Index, id);
        if (at < 0)
        {
            _toolCalls.Add(new ToolCallParts(call.Index));
            at = _toolCalls.Count - 1;
        }
        var parts = _toolCalls[at];
        // What this fragment makes known, for its event: a repeated id or name is not news.
        string? name = string.IsNullOrEmpty(call.Function?.Name) ? null : call.Function!.Name;
        newId = parts.Id is null ? id : null;
        newName = parts.Name is null ? name : null;
        parts.Id ??= id;
        parts.Name ??= name;
        parts.Type ??= call.Type;
        parts.Arguments.Append(call.Function?.Arguments);
        if (call.Others is { } others)
        {
            foreach (var other in others)
            {
                var reader = new Utf8JsonReader(other.Value.In(chunk));
                reader.Read();
                (parts.Others ??= MergedJson.NewObject()).Set(other.NameIn(chunk), ref reader);
            }
        }
        return at;
    }

    /// <summary>The call a fragment continues, or -1 for a new one.</summary>
    private int FindCall(int? index, string? id)
    {
        if (index is null)
        {
            if (_toolCalls.Count == 0) return -1;
            var last = _toolCalls[^1];
            return id is not null && last.Id is not null && last.Id != id ? -1 : _toolCalls.Count - 1;
        }
        for (int i = _toolCalls.Count - 1; i >= 0; i--)
        {
            var call = _toolCalls[i];
            if (call.ProviderIndex != index) continue;
            // The same index under a new id: the next call (Ollama numbers parallel calls alike).
            return id is not null && call.Id is not null && call.Id != id ? -1 : i;
        }
        return -1;
    }

    public void Finish(string finishReason)
    {
        FinishReason = finishReason;
        SawFinish = true;
    }

    public GenerateResponseDocument ToResponse(string requestedModel)
    {
        var calls = new List<ToolCallDocument>(_toolCalls.Count);
        foreach (var call in _toolCalls)
        {
            calls.Add(new ToolCallDocument
            {
                Id = call.Id ?? "",
                Name = call.Name ?? "",
                Arguments = ChatResponseReader.ParseArguments(call.Arguments.ToString()),
            });
        }
        string? reasoningContent = _reasoningContent?.ToString(), reasoning = _reasoning?.ToString();
        var content = Utf8Text.Copy(_content.WrittenSpan);
        var thinking = _thinkingBlocks is null ? null : RawJson.Own(Serialized(ThinkingBlocksArray()));
        // The message is written with the document, from the parts the response holds anyway:
        // the text is not copied once more (it may be as large as max_response_bytes).
        var shape = new MessageShape(_role ?? "assistant", _contentIsText || _toolCalls.Count == 0, reasoningContent, reasoning,
            thinking, _toolCalls.ToArray(), _others);
        return ResponseFactory.Create(new ResponseParts
        {
            Content = content,
            ToolCalls = calls,
            ReasoningContent = (reasoningContent ?? reasoning) is { } text ? new Utf8Text(text) : null,
            ThinkingBlocks = thinking,
            Message = RawJson.WrittenBy(w => WriteMessage(w, shape, content)),
            InputTokens = InputTokens,
            OutputTokens = OutputTokens,
            CachedTokens = CachedTokens,
            CacheCreationTokens = CacheCreationTokens,
            ReasoningTokens = ReasoningTokens,
            CostUsd = Cost,
            Model = Model ?? requestedModel,
            Id = Id,
            FinishReason = FinishReason,
        });
    }

    /// <summary>What the message is made of besides its text: taken when the stream ends.</summary>
    private sealed record MessageShape(string Role, bool ContentIsText, string? ReasoningContent, string? Reasoning,
        RawJson? ThinkingBlocks, ToolCallParts[] ToolCalls, MergedJson? Others);

    private MergedJson ThinkingBlocksArray()
    {
        var array = MergedJson.NewArray();
        foreach (var block in _thinkingBlocks!) array.Add(block);
        return array;
    }

    /// <summary>The assistant message the deltas add up to, in OpenAI's shape, ready to be sent back.</summary>
    private static void WriteMessage(Utf8JsonWriter w, MessageShape m, Utf8Text content)
    {
        w.WriteStartObject();
        w.WriteString("role", m.Role);
        w.WritePropertyName("content");
        // Null only beside tool calls, as OpenAI sends it: a message with neither is "" so
        // that it can be sent back as it is.
        if (!content.IsEmpty || m.ContentIsText) Utf8TextConverter.WriteUtf8(w, content.Utf8);
        else w.WriteNullValue();
        if (m.ReasoningContent is not null) w.WriteString("reasoning_content", m.ReasoningContent);
        if (m.Reasoning is not null) w.WriteString("reasoning", m.Reasoning);
        if (m.ThinkingBlocks is not null)
        {
            w.WritePropertyName("thinking_blocks");
            m.ThinkingBlocks.WriteTo(w);
        }
        if (m.ToolCalls.Length > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in m.ToolCalls) WriteToolCall(w, call);
            w.WriteEndArray();
        }
        if (m.Others is not null)
        {
            foreach (var (name, value) in m.Others.Members)
            {
                if (name is "content" or "role" or "tool_calls") continue; // ours, written above
                w.WritePropertyName(name);
                value.WriteTo(w);
            }
        }
        w.WriteEndObject();
    }

    private static void WriteToolCall(Utf8JsonWriter w, ToolCallParts call)
    {
        w.WriteStartObject();
        w.WriteString("id", call.Id ?? "");
        w.WriteString("type", call.Type ?? "function");
        w.WriteStartObject("function");
        w.WriteString("name", call.Name ?? "");
        w.WriteString("arguments", call.Arguments.ToString());
        w.WriteEndObject();
        if (call.Others is { } others)
        {
            foreach (var (name, value) in others.Members)
            {
                if (name is "id" or "type" or "function" or "index") continue; // the call's own, or a delta's numbering
                w.WritePropertyName(name);
                value.WriteTo(w);
            }
        }
        w.WriteEndObject();
    }

    private static byte[] Serialized(MergedJson value)
    {
        using var buffer = new PooledBuffer(256);
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions)) value.WriteTo(w);
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _content.Dispose();
}
