using System;

namespace LiteLlmNative.Executor;

/// <summary>
/// What a model's failure means for the ladder (docs/reliability.md#the-executors-ladder): a
/// refusal of json_schema (ask the same model again without it), a failure no other model
/// behind the same key can fix (stop the run), or anything else (escalate, a context-window
/// overflow included). Read from the error's status, its <c>error.type</c> / <c>error.code</c>,
/// and the words LiteLLM's exceptions put in their messages, since a proxy often passes on the
/// provider's error inside its own message with type and code lost.
/// </summary>
internal static class FailureRules
{
    /// <summary>A 400 that names response_format or json_schema, or LiteLLM's UnsupportedParamsError.</summary>
    public static bool RefusesSchema(LiteLlmError e) =>
        e.Status == LiteLlmStatus.HttpStatus && e.HttpStatus == 400 && !IsContextOverflow(e)
        && (Mentions(e, "response_format") || Mentions(e, "json_schema") || Mentions(e, "UnsupportedParamsError"));

    /// <summary>LiteLLM's ContextWindowExceededError, or OpenAI's code context_length_exceeded: a bigger model may do.</summary>
    public static bool IsContextOverflow(LiteLlmError e) =>
        e.Status == LiteLlmStatus.HttpStatus
        && (Names(e, "context_length_exceeded") || Mentions(e, "ContextWindowExceededError") || Mentions(e, "context_length_exceeded"));

    /// <summary>Why no other model of the run can succeed after this failure, or null when the next one may.</summary>
    public static string? StopReason(LiteLlmError e)
    {
        if (e.Status == LiteLlmStatus.InvalidArgument) return "the request is invalid";
        if (e.Status != LiteLlmStatus.HttpStatus) return null;
        if (e.HttpStatus == 401) return "the key is not accepted (401)";
        if (e.HttpStatus == 403) return "the key is not allowed (403)";
        // LiteLLM's key, team and user budgets: type budget_exceeded, "Budget has been exceeded!",
        // or "ExceededBudget: …" for an end user.
        if (Names(e, "budget_exceeded") || Mentions(e, "budget_exceeded") || Mentions(e, "Budget has been exceeded") || Mentions(e, "ExceededBudget"))
        {
            return "the budget is exhausted (budget_exceeded)";
        }
        if (Names(e, "insufficient_quota") || Mentions(e, "insufficient_quota") || Mentions(e, "exceeded your current quota"))
        {
            return "the quota is exhausted (insufficient_quota)";
        }
        return null;
    }

    private static bool Names(LiteLlmError e, string name) =>
        string.Equals(e.ErrorType, name, StringComparison.OrdinalIgnoreCase) || string.Equals(e.ErrorCode, name, StringComparison.OrdinalIgnoreCase);

    private static bool Mentions(LiteLlmError e, string text) =>
        e.Message.Contains(text, StringComparison.OrdinalIgnoreCase) || (e.Body?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);
}
