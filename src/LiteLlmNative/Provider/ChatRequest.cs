using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;

namespace LiteLlmNative.Provider;

/// <summary>A validated chat completion request, ready to be written to the wire.</summary>
internal sealed class ChatRequest
{
    /// <summary>The model as sent: routing prefixes already stripped.</summary>
    public required string Model { get; init; }
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
    public int? MaxTokens { get; init; }
    /// <summary>The name the host gave it by, sent on unchanged: OpenAI's reasoning models take only the newer one.</summary>
    public string MaxTokensName { get; init; } = "max_tokens";
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public JsonElement Stop { get; init; }
    public long? Seed { get; init; }
    public IReadOnlyList<ToolDocument>? Tools { get; init; }
    /// <summary>Already in OpenAI's form.</summary>
    public JsonElement ToolChoice { get; init; }
    public JsonElement ResponseFormat { get; init; }
    public string? User { get; init; }
    public JsonElement Metadata { get; init; }
    public JsonElement ExtraBody { get; init; }
    public string? MockResponse { get; init; }
    public bool Stream { get; init; }
    /// <summary>
    /// Whether the response keeps the assistant message whole (a generate call's document has
    /// it). A run judges only the text: without it a large answer is held once, not twice.
    /// </summary>
    public bool KeepMessage { get; init; } = true;
    public CallSettings Call { get; init; }
}

/// <summary>
/// One message; <see cref="Text"/> or, for content parts, <see cref="Parts"/>. An assistant
/// message's <see cref="Others"/> (a server's reasoning, thinking blocks, provider fields) go
/// on the wire as they were given.
/// </summary>
internal sealed record ChatMessage(
    string Role,
    string? Text,
    JsonElement Parts = default,
    string? Name = null,
    string? ToolCallId = null,
    IReadOnlyList<ChatToolCall>? ToolCalls = null,
    IReadOnlyDictionary<string, JsonElement>? Others = null);

/// <summary>
/// An assistant message's tool call in OpenAI's form: <see cref="Arguments"/> already the JSON
/// string, the function's and the call's other members as given.
/// </summary>
internal sealed record ChatToolCall(
    string Id,
    string Type,
    string Name,
    string Arguments,
    JsonElement Function = default,
    IReadOnlyDictionary<string, JsonElement>? Others = null);
