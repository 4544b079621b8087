using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Json;
using LiteLlmNative.Provider;
using LiteLlmNative.Buffers;
using static LiteLlmNative.Provider.RequestRules;

namespace LiteLlmNative.Executor;

/// <summary>Turns a host's run request document into a validated <see cref="RunPlan"/>.</summary>
internal static class RunPlanFactory
{
    /// <summary>More repairs than this is a mistake: each is a paid request to a model that already failed as many times.</summary>
    public const int MaxRepairAttempts = 10;

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
        JsonMode jsonMode = JsonModes.Read(doc.JsonMode);
        if (doc.RepairAttempts is { } repairs && (repairs < 0 || repairs > MaxRepairAttempts))
            throw Invalid("$.repair_attempts", $"must be between 0 and {MaxRepairAttempts}, got {repairs}");
        if (doc.MaxCostUsd is { } maxCost && maxCost < 0)
            throw Invalid("$.max_cost_usd", $"must be at least 0, got {maxCost}");

        bool custom = doc.ResultSchema.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
        var schema = custom ? ResultSchema.Compile(doc.ResultSchema) : ResultSchema.Default;
        JsonElement schemaJson = custom ? doc.ResultSchema : ResultSchema.DefaultJson;

        var plan = new RunPlan
        {
            Models = models,
            Schema = schema,
            SchemaJson = Compact(schemaJson),
            MinConfidence = doc.MinConfidence,
            StrictJson = doc.StrictJson == true,
            JsonMode = jsonMode,
            RepairAttempts = doc.RepairAttempts ?? 1,
            MaxCostUsd = doc.MaxCostUsd,
            SkillPrompt = doc.SkillPrompt,
            TaskPrompt = doc.TaskPrompt,
            JsonObjectFormat = JsonObjectFormat,
            JsonSchemaFormat = JsonSchemaFormat(schemaJson),
            Template = new ChatRequest
            {
                Model = models[0],
                Messages = [],
                MaxTokens = maxTokens,
                MaxTokensName = doc.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens",
                Temperature = doc.Temperature,
                TopP = doc.TopP,
                Seed = doc.Seed,
                User = doc.User,
                Metadata = OptionalObject(doc.Metadata, "$.metadata"),
                ExtraBody = OptionalObject(doc.ExtraBody, "$.extra_body"),
                MockResponse = doc.MockResponse,
                Call = Call(doc.TimeoutMs, doc.MaxRetries, doc.Headers, doc.RequestId, models[0], maxTokens, doc.IdleTimeoutMs),
            },
        };
        return plan;
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

    /// <summary>OpenAI's structured-output format around the result schema; strict mode off, since it would refuse most of the schema subset's keywords.</summary>
    private static JsonElement JsonSchemaFormat(JsonElement schema)
    {
        using var buffer = new PooledBuffer(1024);
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "json_schema");
            w.WriteStartObject("json_schema");
            w.WriteString("name", "result");
            w.WritePropertyName("schema");
            schema.WriteTo(w);
            w.WriteBoolean("strict", false);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        using var d = JsonDocument.Parse(buffer.WrittenMemory);
        return d.RootElement.Clone();
    }

    private static string Compact(JsonElement value)
    {
        using var buffer = new PooledBuffer(1024);
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions)) value.WriteTo(w);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonElement ParseOnce(string json)
    {
        using var d = JsonDocument.Parse(json);
        return d.RootElement.Clone();
    }
}
