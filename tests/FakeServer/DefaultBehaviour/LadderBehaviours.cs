using System;

namespace LiteLlmNative.Testing;

/// <summary>
/// The model-directed behaviours that exercise the executor's ladder (each model name may carry
/// a suffix, e.g. <c>no-schema-b</c>, so one ladder can use one twice):
/// <c>no-schema</c> refuses a json_schema response_format with LiteLLM's UnsupportedParamsError
/// and otherwise echoes; <c>repairable</c> answers a Result that fails the default schema, and a
/// valid one once the conversation carries its own earlier answer (a repair);
/// <c>invalid-result</c> always answers the failing Result; <c>context-overflow</c>,
/// <c>budget-exceeded</c> and <c>insufficient-quota</c> answer those LiteLLM errors.
/// </summary>
internal static class LadderBehaviours
{
    /// <summary>Fails the default Result schema twice: $.status is not one of its values, $.confidence is above 1.</summary>
    public const string InvalidResult = """{"status":"done","confidence":1.5}""";

    public const string RepairedResult = """{"status":"success","output":{"repaired":true},"confidence":0.9}""";

    /// <summary>The answer for <paramref name="summary"/>, or null when its model names none of these behaviours.</summary>
    public static FakeResponse? Respond(ChatRequestSummary summary, Func<string?, FakeResponse> answer)
    {
        string model = summary.Model;
        if (model.StartsWith("no-schema", StringComparison.Ordinal))
        {
            return summary.ResponseFormatType == "json_schema" ? LiteLlmErrors.UnsupportedResponseFormat(model) : answer(null);
        }
        if (model.StartsWith("repairable", StringComparison.Ordinal))
        {
            return answer(summary.HasAssistantMessage ? RepairedResult : InvalidResult);
        }
        if (model.StartsWith("invalid-result", StringComparison.Ordinal)) return answer(InvalidResult);
        if (model.StartsWith("context-overflow", StringComparison.Ordinal)) return LiteLlmErrors.ContextWindowExceeded();
        if (model.StartsWith("budget-exceeded", StringComparison.Ordinal)) return LiteLlmErrors.BudgetExceeded();
        if (model.StartsWith("insufficient-quota", StringComparison.Ordinal)) return LiteLlmErrors.InsufficientQuota();
        return null;
    }
}
