namespace LiteLlmNative.Testing;

/// <summary>
/// The errors a LiteLLM proxy answers with when a model cannot do what the executor's ladder
/// asks, in the proxy's shape: LiteLLM's exception name at the head of the message, the
/// OpenAI envelope around it, code "400" as a string. Modelled on LiteLLM's documented exception
/// types (docs.litellm.ai/docs/exception_mapping) and budget errors. Used by the model-directed
/// behaviour and by tests that queue them.
/// </summary>
public static class LiteLlmErrors
{
    /// <summary>400 UnsupportedParamsError: the provider takes no response_format (as LiteLLM says without drop_params).</summary>
    public static FakeResponse UnsupportedResponseFormat(string model) => FakeResponse.Error(400,
        $"litellm.UnsupportedParamsError: openai does not support parameters: ['response_format'], for model={model}. "
        + "To drop these, set `litellm.drop_params=True` or for proxy: `litellm_settings: drop_params: true`. "
        + $"Received Model Group={model}\nAvailable Model Group Fallbacks=None",
        "invalid_request_error", "400");

    /// <summary>400 ContextWindowExceededError, the provider's message inside LiteLLM's.</summary>
    public static FakeResponse ContextWindowExceeded() => FakeResponse.Error(400,
        "litellm.ContextWindowExceededError: litellm.BadRequestError: OpenAIException - This model's maximum context length "
        + "is 8192 tokens. However, your messages resulted in 9120 tokens. Please reduce the length of the messages.",
        "invalid_request_error", "400");

    /// <summary>400 budget_exceeded: the key's budget is spent (LiteLLM's proxy budget check).</summary>
    public static FakeResponse BudgetExceeded() => FakeResponse.Error(400,
        "Budget has been exceeded! Current cost: 10.0213, Max budget: 10.0", "budget_exceeded", "400");

    /// <summary>429 insufficient_quota: the provider account has no credit left (OpenAI's error through LiteLLM).</summary>
    public static FakeResponse InsufficientQuota() => FakeResponse.Error(429,
        "litellm.RateLimitError: RateLimitError: OpenAIException - You exceeded your current quota, please check your plan and billing details.",
        "insufficient_quota", "insufficient_quota");
}
