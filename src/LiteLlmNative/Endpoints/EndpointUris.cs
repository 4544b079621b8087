using System;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// Where the other endpoints of the server are, from the chat-completions URI the client was
/// built with (docs/configuration.md#client-options-litellm_client_new): the OpenAI routes sit
/// beside <c>chat/completions</c> (<c>…/v1/embeddings</c>, <c>…/v1/models</c>,
/// <c>…/v1/model/info</c>), LiteLLM's health route at the proxy's root, above <c>/v1</c>.
/// Only the path changes, so every route shares the client's connection pool.
/// </summary>
internal static class EndpointUris
{
    private const string ChatSuffix = "/chat/completions";

    public static Uri Embeddings(Uri chat) => With(chat, ApiPath(chat) + "/embeddings");

    public static Uri Models(Uri chat) => With(chat, ApiPath(chat) + "/models");

    public static Uri ModelInfo(Uri chat) => With(chat, ApiPath(chat) + "/model/info");

    public static Uri Health(Uri chat)
    {
        string api = ApiPath(chat);
        string root = api.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? api[..^3] : api;
        return With(chat, root + "/health/readiness");
    }

    /// <summary>The path the OpenAI routes hang from: the chat path less <c>/chat/completions</c>.</summary>
    private static string ApiPath(Uri chat)
    {
        string path = chat.AbsolutePath.TrimEnd('/');
        return path.EndsWith(ChatSuffix, StringComparison.OrdinalIgnoreCase) ? path[..^ChatSuffix.Length] : path;
    }

    private static Uri With(Uri chat, string path) => new UriBuilder(chat) { Path = path, Query = "" }.Uri;
}
