namespace LiteLlmNative.Testing;

/// <summary>The routes beside chat completions, with and without the /v1 prefix (as LiteLLM serves them).</summary>
internal static class EndpointRoutes
{
    public static FakeResponse? TryRespond(RecordedRequest request, string path, int sequence, ModelDirectedState state) => path switch
    {
        "/v1/embeddings" or "/embeddings" => EmbeddingsResponder.Respond(request, sequence, state),
        "/v1/models" or "/models" => ModelsResponder.Respond(request, sequence, state, info: false),
        "/v1/model/info" or "/model/info" => ModelsResponder.Respond(request, sequence, state, info: true),
        "/health/readiness" => HealthResponder.Respond(request, state),
        _ => null,
    };
}
