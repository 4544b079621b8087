using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Cli;

/// <summary>The flags of <c>litellm run</c>, read and checked, ready to become a request.</summary>
internal sealed class RunOptions
{
    /// <summary>One model (<c>"model"</c>), or null when <see cref="Models"/> is used.</summary>
    public string? Model { get; init; }
    public List<string>? Models { get; init; }
    public required string Skill { get; init; }
    public required string Task { get; init; }
    /// <summary>The parsed --schema document, or null for the default Result schema.</summary>
    public JsonElement? Schema { get; init; }
    public double? MinConfidence { get; init; }
    public bool StrictJson { get; init; }
    /// <summary>"json_object", "json_schema" or "auto"; null sends no json_mode (off).</summary>
    public string? JsonMode { get; init; }
    public int? Repairs { get; init; }
    public double? MaxCostUsd { get; init; }
    public int? MaxTokens { get; init; }
    public double? Temperature { get; init; }
}

/// <summary>Builds the <c>litellm_run</c> request document (docs/documents.md#run-request) with Utf8JsonWriter.</summary>
internal static class RunRequestBuilder
{
    /// <summary>The request, carrying <paramref name="requestId"/> so that Ctrl-C can cancel the run.</summary>
    public static byte[] Build(RunOptions o, string requestId)
    {
        using var buffer = new PooledBuffer(1024 + (o.Skill.Length + o.Task.Length) * 2);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (o.Models is { } models)
            {
                writer.WriteStartArray("models");
                foreach (string m in models) writer.WriteStringValue(m);
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("model", o.Model);
            }
            writer.WriteString("skill_prompt", o.Skill);
            writer.WriteString("task_prompt", o.Task);
            if (o.Schema is { } schema)
            {
                writer.WritePropertyName("result_schema");
                schema.WriteTo(writer);
            }
            if (o.MinConfidence is { } c) writer.WriteNumber("min_confidence", c);
            if (o.StrictJson) writer.WriteBoolean("strict_json", true);
            if (o.JsonMode is { } mode) writer.WriteString("json_mode", mode);
            if (o.Repairs is { } repairs) writer.WriteNumber("repair_attempts", repairs);
            if (o.MaxCostUsd is { } maxCost) writer.WriteNumber("max_cost_usd", maxCost);
            if (o.MaxTokens is { } n) writer.WriteNumber("max_tokens", n);
            if (o.Temperature is { } t) writer.WriteNumber("temperature", t);
            writer.WriteString("request_id", requestId);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
