using System;
using LiteLlmNative.Buffers;
using LiteLlmNative.Endpoints;
using LiteLlmNative.Json;

namespace LiteLlmNative.Client;

/// <summary>
/// The operations beside chat (docs/documents.md#embed-request, #models-request, #health-response):
/// embeddings, the model lists and the readiness check, blocking and asynchronous, in the same
/// shape as generate: the same request checks, client, cancellation, error documents and scrub.
/// </summary>
internal static partial class LiteLlmApi
{
    /// <summary>The request of the calls that take none, and of litellm_models without one.</summary>
    public static ReadOnlySpan<byte> EmptyRequest => "{}"u8;

    public static LiteLlmStatus Embed(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, PooledBuffer output) =>
        Execute(client, requestJson, output, LiteLlmJsonContext.Default.EmbedRequestDocument,
            EmbedRequestFactory.FromDocument, r => r.Call,
            (c, r, token) => c.Embeddings.Embed(r, token), LiteLlmJsonContext.Default.EmbedResponseDocument);

    public static AsyncCall StartEmbed(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, CompletionHandler onDone) =>
        Start(client, requestJson, onDone, LiteLlmJsonContext.Default.EmbedRequestDocument,
            EmbedRequestFactory.FromDocument, r => r.Call,
            (c, r, token) => c.Embeddings.EmbedAsync(r, token, async: true), LiteLlmJsonContext.Default.EmbedResponseDocument);

    /// <summary>The model list, or with <c>"info": true</c> the model info list; an empty request means the list.</summary>
    public static LiteLlmStatus Models(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, PooledBuffer output) =>
        Execute(client, requestJson, output, LiteLlmJsonContext.Default.ModelsRequestDocument,
            ModelsRequest.FromDocument, r => r.Call,
            (c, r, token) => c.Models.List(r, token), LiteLlmJsonContext.Default.ModelsResponse);

    public static AsyncCall StartModels(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, CompletionHandler onDone) =>
        Start(client, requestJson, onDone, LiteLlmJsonContext.Default.ModelsRequestDocument,
            ModelsRequest.FromDocument, r => r.Call,
            (c, r, token) => c.Models.ListAsync(r, token, async: true), LiteLlmJsonContext.Default.ModelsResponse);

    public static LiteLlmStatus Health(LiteLlmClient? client, PooledBuffer output) =>
        Execute(client, EmptyRequest, output, LiteLlmJsonContext.Default.EmptyRequestDocument,
            _ => HealthService.Call, call => call,
            (c, _, token) => c.Health.Check(token), LiteLlmJsonContext.Default.HealthDocument);

    public static AsyncCall StartHealth(LiteLlmClient? client, CompletionHandler onDone) =>
        Start(client, EmptyRequest, onDone, LiteLlmJsonContext.Default.EmptyRequestDocument,
            _ => HealthService.Call, call => call,
            (c, _, token) => c.Health.CheckAsync(token, async: true), LiteLlmJsonContext.Default.HealthDocument);
}
