using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Endpoints;

/// <summary>
/// The proxy's readiness: GET <c>&lt;root&gt;/health/readiness</c>, which LiteLLM answers without
/// a model call (and without needing the key, which is sent all the same, with the client's
/// headers, for a gateway in front that wants them).
/// </summary>
internal sealed class HealthService
{
    /// <summary>The call's settings: the client's, under the health operation's name.</summary>
    public static readonly CallSettings Call = new(null, null, null, null, null, Operation: "health");

    private readonly HttpTransport _transport;
    private readonly RequestHead _head;

    public HealthService(HttpTransport transport)
    {
        _transport = transport;
        _head = transport.RouteTo(EndpointUris.Health(transport.Settings.ChatCompletionsUri), "GET");
    }

    public HealthDocument Check(CancellationToken cancel) => Blocking.Result(CheckAsync(cancel, async: false));

    public async ValueTask<HealthDocument> CheckAsync(CancellationToken cancel, bool async)
    {
        long started = Stopwatch.GetTimestamp();
        var doc = await RouteCalls.GetAsync(_transport, _head, Call, HealthReader.Read, cancel, async).ConfigureAwait(false);
        doc.LatencyMs = ResponseTiming.ElapsedMs(started);
        return doc;
    }
}
