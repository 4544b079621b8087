using System;
using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Json;
// (WireToolCall and WireFunction are the serializer's wire types, filled here by hand.)

namespace LiteLlmNative.Provider;

/// <summary>One choice of a stream chunk, as far as the stream uses it.</summary>
internal sealed class ChunkChoice
{
    public int Index;
    /// <summary>A stream chunk's <c>delta</c>.</summary>
    public bool HasDelta;
    public string Content = "";
    /// <summary>The delta's content was a string (perhaps ""), not absent or null.</summary>
    public bool ContentIsText;
    public string ReasoningContent = "", Reasoning = "";
    public string? Role;
    public List<WireToolCall?>? ToolCalls;
    /// <summary>A whole answer's <c>message</c>.</summary>
    public bool HasMessage;
    /// <summary>A whole answer's content when it is an array of parts (joined), else empty: see <see cref="MessageText"/>.</summary>
    public Utf8Text MessageContent = Utf8Text.Empty;
    public List<WireToolCall?>? MessageToolCalls;
    public string? FinishReason;
    // Where the last value of each lies in the text (decoded once the whole text is read, as a
    // repeated member's last value wins): content, reasoning_content, reasoning,
    // thinking_blocks; of a whole answer also the message object itself.
    internal TextSpan DeltaContent, DeltaReasoningContent, DeltaReasoning, DeltaThinkingBlocks;
    internal TextSpan MessageContentSpan, MessageReasoningContent, MessageReasoning, MessageThinkingBlocks, MessageObject;
    /// <summary>The delta's members that have no rule of their own (null: none).</summary>
    internal List<OtherMember>? DeltaOthers;

    /// <summary>A whole answer's content as text, decoded from <paramref name="json"/> (the text the choice was read from).</summary>
    public Utf8Text MessageText(ReadOnlySpan<byte> json) =>
        MessageContentSpan.IsPresent ? StreamChunkReader.Utf8(json, MessageContentSpan) : Utf8Text.Empty;

    public void Clear()
    {
        DeltaContent = DeltaReasoningContent = DeltaReasoning = DeltaThinkingBlocks = default;
        MessageContentSpan = MessageReasoningContent = MessageReasoning = MessageThinkingBlocks = MessageObject = default;
        DeltaOthers?.Clear();
        Index = 0;
        HasDelta = HasMessage = ContentIsText = false;
        Content = ReasoningContent = Reasoning = "";
        Role = null;
        MessageContent = Utf8Text.Empty;
        ToolCalls = MessageToolCalls = null;
        FinishReason = null;
    }
}

/// <summary>What a <c>usage</c> object says; each null when it does not say it.</summary>
internal struct UsageFields
{
    public long? PromptTokens, CompletionTokens, CachedTokens, CacheReadTokens, CacheCreationTokens, ReasoningTokens;
    public double? Cost;

    /// <summary>Cached prompt tokens: OpenAI's prompt_tokens_details.cached_tokens, else Anthropic's cache_read_input_tokens.</summary>
    public readonly long? Cached => CachedTokens ?? CacheReadTokens;
}

/// <summary>
/// Reads one chat completion, or one SSE chunk of one (<c>chat.completion.chunk</c>), with a
/// <see cref="Utf8JsonReader"/> into reused fields: a stream has one chunk per token, and the
/// serializer's general machinery costs about 800 bytes of garbage each (its read stack),
/// times thousands of streams. It reads what the serializer would read into its shapes of a
/// completion (the tests keep those and check this reader against them), with the same
/// rules: unknown members skipped, null members absent, the last of a repeated member kept, a
/// member of the wrong type a <see cref="JsonShapeException"/> naming its path in our words,
/// the whole text valid JSON. The members providers disagree on (reasoning, usage details,
/// cost) are read leniently: a value of another type is no value.
/// </summary>
internal sealed class StreamChunkReader
{
    private readonly List<ChunkChoice> _choices = new(); // reused: the first _count are this chunk's
    private int _count;
    private UsageFields _usage;

    /// <summary>False when the chunk was JSON <c>null</c> (nothing to apply).</summary>
    public bool Present { get; private set; }
    public bool HasError { get; private set; }
    /// <summary>Groq's <c>x_groq.error</c>: why the server stopped the stream early (null: it did not).</summary>
    public string? StreamError { get; private set; }
    /// <summary>The first element of <c>choices</c> was JSON null (a whole answer then has no usable choice).</summary>
    public bool FirstChoiceNull { get; private set; }
    /// <summary>The chunk's id; the previous string is kept when it is the same text.</summary>
    public string? Id { get; private set; }
    /// <summary>The chunk's model; the previous string is kept when it is the same text.</summary>
    public string? Model { get; private set; }
    /// <summary>A usage object was present (top level, or Groq's x_groq.usage).</summary>
    public bool HasUsage { get; private set; }
    public long? PromptTokens => _usage.PromptTokens;
    public long? CompletionTokens => _usage.CompletionTokens;
    public ref readonly UsageFields Usage => ref _usage;
    public int ChoiceCount => _count;
    public ChunkChoice Choice(int i) => _choices[i];

    /// <summary>Reads <paramref name="json"/>; throws <see cref="JsonException"/> or (a bad escape) <see cref="InvalidOperationException"/>.</summary>
    public void Read(ReadOnlySpan<byte> json, string? previousModel, string? previousId = null)
    {
        Reset();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read()) throw new JsonShapeException("no JSON value (the text is empty or white space)");
        bool hasTopUsage = false, hasGroqUsage = false;
        UsageFields groqUsage = default;
        if (reader.TokenType == JsonTokenType.Null)
        {
            Present = false;
        }
        else
        {
            Present = true;
            Expect(ref reader, JsonTokenType.StartObject, "$", "a chat completion chunk");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    Id = OptionalString(ref reader, "$.id", previousId);
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    Model = OptionalString(ref reader, "$.model", previousModel);
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    ReadChoices(ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    hasTopUsage = ReadUsage(ref reader, "$.usage", out _usage);
                }
                else if (reader.ValueTextEquals("x_groq"u8))
                {
                    reader.Read();
                    ReadGroq(ref reader, ref hasGroqUsage, ref groqUsage);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    HasError = reader.TokenType != JsonTokenType.Null;
                    if (HasError) Expect(ref reader, JsonTokenType.StartObject, "$.error", "an error object");
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        // Nothing may follow the value (the reader throws on anything but white space).
        if (reader.Read()) throw new JsonShapeException("text follows the end of the JSON value");
        // Groq reports a stream's usage in x_groq when the chunk has no usage of its own.
        if (!hasTopUsage && hasGroqUsage) _usage = groqUsage;
        HasUsage = hasTopUsage || hasGroqUsage;
        for (int c = 0; c < _count; c++) Decode(_choices[c], json);
    }

    /// <summary>The texts of a choice, from where they lie in the whole text.</summary>
    private static void Decode(ChunkChoice choice, ReadOnlySpan<byte> json)
    {
        choice.Content = Text(json, choice.DeltaContent);
        choice.ContentIsText = choice.DeltaContent.IsPresent && json[choice.DeltaContent.At] == (byte)'"';
        choice.ReasoningContent = Text(json, choice.DeltaReasoningContent);
        choice.Reasoning = Text(json, choice.DeltaReasoning);
        // A whole answer's text may be as large as the answer: a string is left where it lies,
        // checked once by whoever wants it (ChatResponseReader: with the message it keeps, or by
        // decoding it on its own); parts are joined.
        if (!choice.MessageContentSpan.IsPresent || json[choice.MessageContentSpan.At] == (byte)'"') choice.MessageContent = Utf8Text.Empty;
        else choice.MessageContent = Utf8(json, choice.MessageContentSpan);
    }

    /// <summary>The text of the content value at <paramref name="span"/> ("" when there is none).</summary>
    internal static string Text(ReadOnlySpan<byte> json, TextSpan span)
    {
        if (!span.IsPresent) return "";
        var value = new Utf8JsonReader(span.In(json));
        value.Read();
        return ContentText.ReadText(ref value);
    }

    /// <summary>As <see cref="Text"/>, kept as UTF-8: a whole answer's text.</summary>
    internal static Utf8Text Utf8(ReadOnlySpan<byte> json, TextSpan span)
    {
        var value = new Utf8JsonReader(span.In(json));
        value.Read();
        return ContentText.ReadUtf8(ref value);
    }

    private void Reset()
    {
        Present = false;
        HasError = false;
        StreamError = null;
        Id = null;
        Model = null;
        HasUsage = false;
        _usage = default;
        RecycleChoices();
    }

    private void RecycleChoices()
    {
        _count = 0;
        FirstChoiceNull = false;
    }

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        RecycleChoices(); // a repeated "choices" replaces the earlier one
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartArray, "$.choices", "an array");
        int i = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (i == 0) FirstChoiceNull = true;
                i++;
                continue; // a null choice is skipped, as the mapping skips it
            }
            Expect(ref reader, JsonTokenType.StartObject, i, "", "a choice object");
            var choice = TakeChoice();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out choice.Index))
                    {
                        throw NotConvertible(ChoicePath(i, ".index"), "an integer");
                    }
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    choice.HasDelta = ReadDelta(ref reader, i, choice);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    choice.HasMessage = ReadMessage(ref reader, i, choice);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) throw NotConvertible(ChoicePath(i, ".finish_reason"), "a string");
                    choice.FinishReason = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            i++;
        }
    }

    private ChunkChoice TakeChoice()
    {
        if (_count == _choices.Count) _choices.Add(new ChunkChoice());
        var choice = _choices[_count++];
        choice.Clear();
        return choice;
    }

    /// <summary>A stream chunk's <c>delta</c> (null: false); the reader ends on its last token.</summary>
    private static bool ReadDelta(ref Utf8JsonReader reader, int i, ChunkChoice choice)
    {
        // A repeated "delta" replaces the earlier one, as the serializer's last value does.
        choice.DeltaContent = choice.DeltaReasoningContent = choice.DeltaReasoning = choice.DeltaThinkingBlocks = default;
        choice.DeltaOthers?.Clear();
        choice.ToolCalls = null;
        choice.Role = null;
        if (reader.TokenType == JsonTokenType.Null) return false;
        Expect(ref reader, JsonTokenType.StartObject, i, ".delta", "a message object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (ReadCommon(ref reader, i, ".delta", ref choice.DeltaContent, ref choice.DeltaReasoningContent,
                    ref choice.DeltaReasoning, ref choice.DeltaThinkingBlocks, ref choice.ToolCalls, ref choice.Role))
            {
                continue;
            }
            var name = NameSpan(ref reader);
            reader.Read();
            (choice.DeltaOthers ??= new()).Add(new OtherMember(name, TextSpan.Of(ref reader)));
        }
        return true;
    }

    /// <summary>A whole answer's <c>message</c> (null: false), its span kept; the reader ends on its last token.</summary>
    private static bool ReadMessage(ref Utf8JsonReader reader, int i, ChunkChoice choice)
    {
        choice.MessageContentSpan = choice.MessageReasoningContent = choice.MessageReasoning = choice.MessageThinkingBlocks = choice.MessageObject = default;
        choice.MessageToolCalls = null;
        if (reader.TokenType == JsonTokenType.Null) return false;
        Expect(ref reader, JsonTokenType.StartObject, i, ".message", "a message object");
        int at = (int)reader.TokenStartIndex;
        string? role = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (ReadCommon(ref reader, i, ".message", ref choice.MessageContentSpan, ref choice.MessageReasoningContent,
                    ref choice.MessageReasoning, ref choice.MessageThinkingBlocks, ref choice.MessageToolCalls, ref role))
            {
                continue;
            }
            reader.Read();
            reader.Skip();
        }
        choice.MessageObject = new TextSpan { At = at, Length = (int)reader.BytesConsumed - at };
        return true;
    }

    /// <summary>
    /// A member a delta and a message share (content, tool_calls, role, the reasoning members),
    /// read with the reader past its value; false (the reader still on the name) for any other.
    /// </summary>
    private static bool ReadCommon(ref Utf8JsonReader reader, int i, string member, ref TextSpan content, ref TextSpan reasoningContent,
        ref TextSpan reasoning, ref TextSpan thinkingBlocks, ref List<WireToolCall?>? toolCalls, ref string? role)
    {
        if (reader.ValueTextEquals("content"u8))
        {
            reader.Read();
            content = TextSpan.Of(ref reader);
        }
        else if (reader.ValueTextEquals("tool_calls"u8))
        {
            reader.Read();
            toolCalls = ReadToolCalls(ref reader, i);
        }
        else if (reader.ValueTextEquals("role"u8))
        {
            reader.Read();
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) throw NotConvertible(ChoicePath(i, member + ".role"), "a string");
            role = reader.TokenType == JsonTokenType.Null ? null : reader.ValueTextEquals("assistant"u8) ? "assistant" : reader.GetString();
        }
        else if (reader.ValueTextEquals("reasoning_content"u8))
        {
            reader.Read();
            reasoningContent = StringSpan(ref reader);
        }
        else if (reader.ValueTextEquals("reasoning"u8))
        {
            reader.Read();
            reasoning = StringSpan(ref reader);
        }
        else if (reader.ValueTextEquals("thinking_blocks"u8))
        {
            reader.Read();
            thinkingBlocks = reader.TokenType == JsonTokenType.StartArray ? TextSpan.Of(ref reader) : Skipped(ref reader);
        }
        else
        {
            return false;
        }
        return true;
    }

    /// <summary>Where the property name the reader is on lies, quotes included (a JSON string of its own).</summary>
    private static TextSpan NameSpan(ref Utf8JsonReader reader)
    {
        int at = (int)reader.TokenStartIndex;
        int length = reader.ValueSpan.Length + 2; // a name's value is its raw text between the quotes
        return new TextSpan { At = at, Length = length };
    }

    /// <summary>A string value's span; any other value is skipped and is no value (providers differ).</summary>
    private static TextSpan StringSpan(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? TextSpan.Of(ref reader) : Skipped(ref reader);

    private static TextSpan Skipped(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return default;
    }

    /// <summary>A delta's <c>tool_calls</c>, read as the serializer reads <c>List&lt;WireToolCall?&gt;</c>, the calls' other members kept.</summary>
    private static List<WireToolCall?>? ReadToolCalls(ref Utf8JsonReader reader, int choice)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartArray, choice, ".delta.tool_calls", "an array");
        var calls = new List<WireToolCall?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                calls.Add(null);
                continue;
            }
            Expect(ref reader, JsonTokenType.StartObject, choice, ".delta.tool_calls[]", "a tool call object");
            var call = new WireToolCall();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null) call.Index = null;
                    else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int index)) call.Index = index;
                    else throw NotConvertible(ChoicePath(choice, ".delta.tool_calls[].index"), "an integer");
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    call.Id = OptionalString(ref reader, ChoicePath(choice, ".delta.tool_calls[].id"), null);
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    call.Type = OptionalString(ref reader, ChoicePath(choice, ".delta.tool_calls[].type"), null);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    call.Function = ReadFunction(ref reader, choice);
                }
                else
                {
                    var name = NameSpan(ref reader);
                    reader.Read();
                    (call.Others ??= new()).Add(new OtherMember(name, TextSpan.Of(ref reader)));
                }
            }
            calls.Add(call);
        }
        return calls;
    }

    private static WireFunction? ReadFunction(ref Utf8JsonReader reader, int choice)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartObject, choice, ".delta.tool_calls[].function", "a function object");
        var function = new WireFunction();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool name = reader.ValueTextEquals("name"u8), arguments = !name && reader.ValueTextEquals("arguments"u8);
            reader.Read();
            if (name) function.Name = OptionalString(ref reader, ChoicePath(choice, ".delta.tool_calls[].function.name"), null);
            else if (arguments) function.Arguments = OptionalString(ref reader, ChoicePath(choice, ".delta.tool_calls[].function.arguments"), null);
            else reader.Skip();
        }
        return function;
    }

    /// <summary>A usage object (null: false, and no fields); the counts are strict, the details lenient.</summary>
    private static bool ReadUsage(ref Utf8JsonReader reader, string path, out UsageFields usage)
    {
        usage = default;
        if (reader.TokenType == JsonTokenType.Null) return false;
        Expect(ref reader, JsonTokenType.StartObject, path, "a usage object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                usage.PromptTokens = OptionalInt64(ref reader, path + ".prompt_tokens");
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                usage.CompletionTokens = OptionalInt64(ref reader, path + ".completion_tokens");
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                usage.CachedTokens = LenientDetail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reader.Read();
                usage.ReasoningTokens = LenientDetail(ref reader, "reasoning_tokens"u8);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                reader.Read();
                usage.CacheReadTokens = LenientInt64(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                reader.Read();
                usage.CacheCreationTokens = LenientInt64(ref reader);
            }
            else if (reader.ValueTextEquals("cost"u8))
            {
                reader.Read();
                usage.Cost = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double cost) && double.IsFinite(cost) && cost >= 0 ? cost : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return true;
    }

    /// <summary>Groq's <c>x_groq</c>: a stream's usage (in its last chunk) and the reason a stream stopped early.</summary>
    private void ReadGroq(ref Utf8JsonReader reader, ref bool hasUsage, ref UsageFields usage)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip(); // not Groq's: another server's member of the same name is none of ours
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.Null) hasUsage = ReadUsage(ref reader, "$.x_groq.usage", out usage);
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } error) StreamError = error;
                else reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>An integer member of a details object (any other value: none).</summary>
    private static long? LenientDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        long? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool wanted = reader.ValueTextEquals(name);
            reader.Read();
            if (wanted) value = LenientInt64(ref reader);
            else reader.Skip();
        }
        return value;
    }

    private static long? LenientInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) && value >= 0) return value;
        reader.Skip();
        return null;
    }

    /// <summary>A string or null; <paramref name="reuse"/> is returned instead of a new string of the same text.</summary>
    private static string? OptionalString(ref Utf8JsonReader reader, string path, string? reuse)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw NotConvertible(path, "a string");
        if (reuse is not null && reader.ValueTextEquals(reuse)) return reuse;
        return reader.GetString();
    }

    private static long? OptionalInt64(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value)) throw NotConvertible(path, "an integer");
        return value;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string path, string what)
    {
        if (reader.TokenType != type)
        {
            throw new JsonShapeException(string.Concat(path, " is not ", what));
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, int choice, string member, string what)
    {
        // The path is only made when it is needed: this runs for every chunk of every stream.
        if (reader.TokenType != type) Expect(ref reader, type, ChoicePath(choice, member), what);
    }

    private static string ChoicePath(int choice, string member) => "$.choices[" + choice + "]" + member;

    private static JsonException NotConvertible(string path, string kind) => new JsonShapeException(string.Concat(path, ": expected ", kind));
}
