using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Provider;

namespace LiteLlmNative.Executor;

/// <summary>A validated run request: the ladder, the prompts, how to ask and how to judge an answer.</summary>
internal sealed class RunPlan
{
    /// <summary>The ladder, routing prefixes stripped.</summary>
    public required IReadOnlyList<string> Models { get; init; }
    public required ResultSchema Schema { get; init; }
    /// <summary>The result schema as JSON text, for json_schema requests and prompts.</summary>
    public required string SchemaJson { get; init; }
    public double? MinConfidence { get; init; }
    public bool StrictJson { get; init; }
    public JsonMode JsonMode { get; init; }
    /// <summary>How many times a model is asked to fix an answer that is not JSON or fails the schema.</summary>
    public int RepairAttempts { get; init; } = 1;
    /// <summary>Once the run has cost this much, it climbs no further.</summary>
    public double? MaxCostUsd { get; init; }
    public string? SkillPrompt { get; init; }
    public required string TaskPrompt { get; init; }
    /// <summary>The request every rung sends; the model, the messages and the format change.</summary>
    public required ChatRequest Template { get; init; }
    public required JsonElement JsonObjectFormat { get; init; }
    public required JsonElement JsonSchemaFormat { get; init; }

    /// <summary>The system and user messages a model is first asked with, in <paramref name="format"/>.</summary>
    public List<ChatMessage> Conversation(WireFormat format)
    {
        var messages = new List<ChatMessage>(4);
        string? system = format == WireFormat.JsonObjectSchemaInPrompt ? RunPrompts.SystemWithSchema(SkillPrompt, SchemaJson) : SkillPrompt;
        if (system is not null) messages.Add(new ChatMessage("system", system));
        messages.Add(new ChatMessage("user", TaskPrompt));
        return messages;
    }

    /// <summary>Whether a model asked in <paramref name="format"/> has been shown the schema.</summary>
    public static bool ShowsSchema(WireFormat format) => format is WireFormat.JsonSchema or WireFormat.JsonObjectSchemaInPrompt;

    public ChatRequest RequestFor(string model, WireFormat format, IReadOnlyList<ChatMessage> messages) => new()
    {
        Model = model,
        Messages = messages,
        MaxTokens = Template.MaxTokens,
        MaxTokensName = Template.MaxTokensName,
        Temperature = Template.Temperature,
        TopP = Template.TopP,
        Stop = Template.Stop,
        Seed = Template.Seed,
        ResponseFormat = format switch
        {
            WireFormat.None => default,
            WireFormat.JsonSchema => JsonSchemaFormat,
            _ => JsonObjectFormat,
        },
        User = Template.User,
        Metadata = Template.Metadata,
        ExtraBody = Template.ExtraBody,
        MockResponse = Template.MockResponse,
        KeepMessage = false, // a run judges the text only: a large answer is held once
        Call = Template.Call with { Model = model },
    };
}
