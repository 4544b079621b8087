using LiteLlmNative.Json;
using LiteLlmNative.Provider;
using LiteLlmNative.Transport;

namespace LiteLlmNative.Endpoints;

/// <summary>A validated models request: which list, and the call's own settings.</summary>
internal sealed record ModelsRequest(bool Info, CallSettings Call)
{
    /// <summary>No request document: the plain model list, the client's settings.</summary>
    public static ModelsRequest Default { get; } = FromDocument(new ModelsRequestDocument());

    public static ModelsRequest FromDocument(ModelsRequestDocument doc) => new(
        doc.Info ?? false,
        RequestRules.Call(doc.TimeoutMs, doc.MaxRetries, doc.Headers, doc.RequestId, "", null) with { Model = null, Operation = "models" });
}
