using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Executor;

/// <summary>The verdict on one answer: the accepted result, or why not and whether a repair may help.</summary>
internal readonly struct Judgement
{
    private Judgement(JsonElement result, LiteLlmException? rejection, IReadOnlyList<string> problems)
    {
        Result = result;
        Rejection = rejection;
        Problems = problems;
    }

    public JsonElement Result { get; }
    /// <summary>Null when the answer was accepted; else its invalid_result.</summary>
    public LiteLlmException? Rejection { get; }
    /// <summary>What a repair would ask the model to fix, each starting with its JSON path; empty when no repair can help.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static Judgement Accepted(JsonElement result) => new(result, null, []);

    public static Judgement Rejected(LiteLlmException rejection, IReadOnlyList<string> problems) => new(default, rejection, problems);
}

/// <summary>
/// Parses and judges a model's answer (docs/documents.md#run-request): one JSON object, valid
/// against the schema, not asking to escalate, confident enough. Content that is not JSON and a
/// result that fails the schema can be repaired by the same model; a result that asks to
/// escalate or is not confident enough is an honest answer, and a repair would only argue with it.
/// </summary>
internal static class AnswerJudge
{
    public static Judgement Judge(RunPlan plan, Utf8Text content, WorkLimit limit)
    {
        limit.Check();
        JsonElement result;
        try
        {
            result = ResultParser.Parse(content, plan.StrictJson);
        }
        catch (LiteLlmException e) when (e.Status == LiteLlmStatus.InvalidResult)
        {
            return Judgement.Rejected(e, ["$: " + e.Error.Message]);
        }
        limit.Check();
        var violations = plan.Schema.Validate(result, limit);
        if (violations.Count > 0)
        {
            return Judgement.Rejected(ResultParser.Invalid($"the result fails the schema: {string.Join("; ", violations)}", content), violations);
        }
        if (result.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "escalate")
        {
            string why = result.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? $": {s.GetString()}" : "";
            return Judgement.Rejected(ResultParser.Invalid($"the model asked to escalate{why}", content), []);
        }
        if (plan.MinConfidence is { } min)
        {
            if (!result.TryGetProperty("confidence", out var confidence) || confidence.ValueKind != JsonValueKind.Number)
            {
                return Judgement.Rejected(ResultParser.Invalid($"$.confidence: missing, and min_confidence {Format(min)} requires it", content), []);
            }
            if (confidence.GetDouble() < min)
            {
                return Judgement.Rejected(ResultParser.Invalid($"$.confidence: {confidence.GetRawText()} is below min_confidence {Format(min)}", content), []);
            }
        }
        return Judgement.Accepted(result);
    }

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
