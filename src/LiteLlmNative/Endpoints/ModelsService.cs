using System.Threading;
using LiteLlmNative.Json;
using System.Threading.Tasks;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Endpoints;

/// <summary>The models the server serves: GET <c>…/v1/models</c>, or LiteLLM's <c>…/v1/model/info</c>.</summary>
internal sealed class ModelsService
{
    private readonly HttpTransport _transport;
    private readonly RequestHead _list;
    private readonly RequestHead _info;

    public ModelsService(HttpTransport transport)
    {
        _transport = transport;
        _list = transport.RouteTo(EndpointUris.Models(transport.Settings.ChatCompletionsUri), "GET");
        _info = transport.RouteTo(EndpointUris.ModelInfo(transport.Settings.ChatCompletionsUri), "GET");
    }

    public ModelsResponse List(ModelsRequest request, CancellationToken cancel) =>
        Blocking.Result(ListAsync(request, cancel, async: false));

    public async ValueTask<ModelsResponse> ListAsync(ModelsRequest request, CancellationToken cancel, bool async) =>
        request.Info
            ? new ModelsResponse { Info = await RouteCalls.GetAsync(_transport, _info, request.Call, ModelInfoReader.Read, cancel, async).ConfigureAwait(false) }
            : new ModelsResponse { List = await RouteCalls.GetAsync(_transport, _list, request.Call, ModelListReader.Read, cancel, async).ConfigureAwait(false) };
}
