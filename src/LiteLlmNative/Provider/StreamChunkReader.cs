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
    public List<WireToolCall?>? ToolCalls;
    /// <summary>A whole answer's <c>message</c>.</summary>
    public bool HasMessage;
    public Utf8Text MessageContent = Utf8Text.Empty;
    public List<WireToolCall?>? MessageToolCalls;
    public string? FinishReason;
    // Where the last content value of each lies in the text (start, length; length 0: none):
    // decoded once the whole text is read, as a repeated member's last value wins.
    internal int DeltaContentAt, DeltaContentLength, MessageContentAt, MessageContentLength;

    public void Clear()
    {
        DeltaContentAt = DeltaContentLength = MessageContentAt = MessageContentLength = 0;
        Index = 0;
        HasDelta = HasMessage = false;
        Content = "";
        MessageContent = Utf8Text.Empty;
        ToolCalls = MessageToolCalls = null;
        FinishReason = null;
    }
}

/// <summary>
/// Reads one chat completion, or one SSE chunk of one (<c>chat.completion.chunk</c>), with a
/// <see cref="Utf8JsonReader"/> into reused fields: a stream has one chunk per token, and the
/// serializer's general machinery costs about 800 bytes of garbage each (its read stack),
/// times thousands of streams. It reads what the serializer would read into its shapes of a
/// completion (the tests keep those and check this reader against them), with the same
/// rules: unknown members skipped, null members absent, the last of a repeated member kept, a
/// member of the wrong type a <see cref="JsonShapeException"/> naming its path in our words,
/// the whole text valid JSON.
/// </summary>
internal sealed class StreamChunkReader
{
    private readonly List<ChunkChoice> _choices = new(); // reused: the first _count are this chunk's
    private int _count;

    /// <summary>False when the chunk was JSON <c>null</c> (nothing to apply).</summary>
    public bool Present { get; private set; }
    public bool HasError { get; private set; }
    /// <summary>The first element of <c>choices</c> was JSON null (a whole answer then has no usable choice).</summary>
    public bool FirstChoiceNull { get; private set; }
    /// <summary>The chunk's model; the previous string is kept when it is the same text.</summary>
    public string? Model { get; private set; }
    public bool HasUsage { get; private set; }
    public long? PromptTokens { get; private set; }
    public long? CompletionTokens { get; private set; }
    public int ChoiceCount => _count;
    public ChunkChoice Choice(int i) => _choices[i];

    /// <summary>Reads <paramref name="json"/>; throws <see cref="JsonException"/> or (a bad escape) <see cref="InvalidOperationException"/>.</summary>
    public void Read(ReadOnlySpan<byte> json, string? previousModel)
    {
        Reset();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read()) throw new JsonShapeException("no JSON value (the text is empty or white space)");
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
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) throw NotConvertible("$.id", "a string");
                    ValidateString(ref reader);
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
                    ReadUsage(ref reader);
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
        for (int c = 0; c < _count; c++)
        {
            var choice = _choices[c];
            choice.Content = Text(json, choice.DeltaContentAt, choice.DeltaContentLength);
            choice.MessageContent = choice.MessageContentLength == 0 ? Utf8Text.Empty : Utf8(json, choice.MessageContentAt, choice.MessageContentLength);
        }
    }

    /// <summary>The text of the content value at <paramref name="at"/> ("" when there is none).</summary>
    private static string Text(ReadOnlySpan<byte> json, int at, int length)
    {
        if (length == 0) return "";
        var value = new Utf8JsonReader(json.Slice(at, length));
        value.Read();
        return ContentText.ReadText(ref value);
    }

    /// <summary>As <see cref="Text"/>, kept as UTF-8: a whole answer's text.</summary>
    private static Utf8Text Utf8(ReadOnlySpan<byte> json, int at, int length)
    {
        var value = new Utf8JsonReader(json.Slice(at, length));
        value.Read();
        return ContentText.ReadUtf8(ref value);
    }

    private void Reset()
    {
        Present = false;
        HasError = false;
        Model = null;
        HasUsage = false;
        PromptTokens = CompletionTokens = null;
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
                    choice.HasDelta = ReadMessage(ref reader, i, ".delta", out choice.DeltaContentAt, out choice.DeltaContentLength, out choice.ToolCalls);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    choice.HasMessage = ReadMessage(ref reader, i, ".message", out choice.MessageContentAt, out choice.MessageContentLength, out choice.MessageToolCalls);
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

    /// <summary>A <c>delta</c> or <c>message</c> object (null: false); the reader ends on its last token.</summary>
    private static bool ReadMessage(ref Utf8JsonReader reader, int i, string member, out int contentAt, out int contentLength, out List<WireToolCall?>? toolCalls)
    {
        contentAt = contentLength = 0;
        toolCalls = null;
        if (reader.TokenType == JsonTokenType.Null) return false;
        Expect(ref reader, JsonTokenType.StartObject, i, member, "a message object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                contentAt = (int)reader.TokenStartIndex;
                reader.Skip();
                contentLength = (int)reader.BytesConsumed - contentAt;
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
                ValidateString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return true;
    }

    /// <summary>A delta's <c>tool_calls</c>, read as the serializer reads <c>List&lt;WireToolCall?&gt;</c>.</summary>
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
                    reader.Read();
                    reader.Skip();
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

    private void ReadUsage(ref Utf8JsonReader reader)
    {
        HasUsage = false;
        PromptTokens = CompletionTokens = null;
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartObject, "$.usage", "a usage object");
        HasUsage = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                PromptTokens = OptionalInt64(ref reader, "$.usage.prompt_tokens");
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                CompletionTokens = OptionalInt64(ref reader, "$.usage.completion_tokens");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>A string or null; <paramref name="reuse"/> is returned instead of a new string of the same text.</summary>
    private static string? OptionalString(ref Utf8JsonReader reader, string path, string? reuse)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw NotConvertible(path, "a string");
        if (reuse is not null && reader.ValueTextEquals(reuse)) return reuse;
        return reader.GetString();
    }

    /// <summary>
    /// Checks, without making a string, what reading the member as one would: its UTF-8 and
    /// its escapes (a lone surrogate throws, as GetString does).
    /// </summary>
    private static void ValidateString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return;
        if (reader.ValueIsEscaped) _ = reader.GetString();
        else if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)) throw new InvalidOperationException("the text is not valid UTF-8");
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
