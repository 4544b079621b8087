using System;

namespace LiteLlmNative.Provider;

/// <summary>Routing prefixes that name the proxy rather than the model.</summary>
internal static class ModelName
{
    /// <summary>Strips one leading <c>litellm:</c> (the seeds') or <c>litellm_proxy/</c> (LiteLLM SDK's).</summary>
    public static string Strip(string model)
    {
        if (model.StartsWith("litellm:", StringComparison.Ordinal)) return model["litellm:".Length..];
        if (model.StartsWith("litellm_proxy/", StringComparison.Ordinal)) return model["litellm_proxy/".Length..];
        return model;
    }
}
