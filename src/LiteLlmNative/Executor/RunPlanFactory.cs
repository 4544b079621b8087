using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Json;
using LiteLlmNative.Provider;
using static LiteLlmNative.Provider.RequestRules;

namespace LiteLlmNative.Executor;

/// <summary>Turns a host's run request document into a validated <see cref="RunPlan"/>.</summary>
internal static class RunPlanFactory
{
    private static readonly JsonElement JsonObjectFormat = ParseOnce("""{"type":"json_object"}""");

    public static RunPlan FromDocument(RunRequestDocument doc)
    {
        var models = Models(doc);
        if (doc.TaskPrompt is null) throw Invalid("$.task_prompt", "required");
        if (doc.TaskPrompt.Trim().Length == 0) throw Invalid("$.task_prompt", "must not be empty");
        Check(doc.MaxTokens, doc.Temperature, doc.TopP);
        int? maxTokens = MaxTokens(doc.MaxTokens, doc.MaxCompletionTokens);
        if (doc.MinConfidence is { } min && (min < 0 || min > 1))
            throw Invalid("$.min_confidence", $"must be between 0 and 1, got {min}");

        var schema = doc.ResultSchema.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            ? ResultSchema.Default
            : ResultSchema.Compile(doc.ResultSchema);

        var messages = new List<ChatMessage>(2);
        if (doc.SkillPrompt is not null) messages.Add(new ChatMessage("system", doc.SkillPrompt));
        messages.Add(new ChatMessage("user", doc.TaskPrompt));

        var template = new ChatRequest
        {
            Model = models[0],
            Messages = messages,
            MaxTokens = maxTokens,
            MaxTokensName = doc.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens",
            Temperature = doc.Temperature,
            TopP = doc.TopP,
            Seed = doc.Seed,
            ResponseFormat = doc.JsonMode == true ? JsonObjectFormat : default,
            User = doc.User,
            Metadata = OptionalObject(doc.Metadata, "$.metadata"),
            ExtraBody = OptionalObject(doc.ExtraBody, "$.extra_body"),
            MockResponse = doc.MockResponse,
            Call = Call(doc.TimeoutMs, doc.MaxRetries, doc.Headers, doc.RequestId, models[0], maxTokens),
        };
        return new RunPlan
        {
            Models = models,
            Schema = schema,
            MinConfidence = doc.MinConfidence,
            StrictJson = doc.StrictJson == true,
            Template = template,
        };
    }

    private static List<string> Models(RunRequestDocument doc)
    {
        if (doc.Model is not null && doc.Models is not null)
            throw Invalid("$.model", "give either model or models, not both");
        if (doc.Model is not null) return new List<string> { RequiredModel(doc.Model, "$.model") };
        if (doc.Models is null) throw Invalid("$.models", "required (or $.model for a single model)");
        if (doc.Models.Count == 0) throw Invalid("$.models", "must not be empty");
        var models = new List<string>(doc.Models.Count);
        for (int i = 0; i < doc.Models.Count; i++)
        {
            models.Add(RequiredModel(doc.Models[i], $"$.models[{i}]"));
        }
        return models;
    }

    private static JsonElement ParseOnce(string json)
    {
        using var d = JsonDocument.Parse(json);
        return d.RootElement.Clone();
    }
}
