using System.Collections.Generic;
using LiteLlmNative.Provider;

namespace LiteLlmNative.Executor;

/// <summary>A validated run request: the ladder, the prompts and how to judge an answer.</summary>
internal sealed class RunPlan
{
    /// <summary>The ladder, routing prefixes stripped.</summary>
    public required IReadOnlyList<string> Models { get; init; }
    public required ResultSchema Schema { get; init; }
    public double? MinConfidence { get; init; }
    public bool StrictJson { get; init; }
    /// <summary>The request every rung sends; only the model changes.</summary>
    public required ChatRequest Template { get; init; }

    public ChatRequest RequestFor(string model) => new()
    {
        Model = model,
        Messages = Template.Messages,
        MaxTokens = Template.MaxTokens,
        MaxTokensName = Template.MaxTokensName,
        Temperature = Template.Temperature,
        TopP = Template.TopP,
        Stop = Template.Stop,
        Seed = Template.Seed,
        ResponseFormat = Template.ResponseFormat,
        User = Template.User,
        Metadata = Template.Metadata,
        ExtraBody = Template.ExtraBody,
        MockResponse = Template.MockResponse,
        Call = Template.Call with { Model = model },
    };
}
