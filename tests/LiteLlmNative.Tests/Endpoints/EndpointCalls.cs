using System;
using System.Text;
using System.Threading.Tasks;
using LiteLlmNative.Buffers;
using LiteLlmNative.Client;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Endpoints;

/// <summary>
/// Embeddings, models and health through the span API the exports and the CLI use; every
/// document that comes back is checked against its schema in docs/schema.
/// </summary>
internal static class EndpointCalls
{
    public static Outcome Embed(this TestClient client, string requestJson) =>
        Checked("embed-response.schema.json", LiteLlmApi.Embed(client.Client, Encoding.UTF8.GetBytes(requestJson), Output(out var output)), output);

    public static Outcome Models(this TestClient client, string requestJson = "{}") =>
        Checked(requestJson.Contains("\"info\":true", StringComparison.Ordinal) ? "model-info-response.schema.json" : "models-response.schema.json",
            LiteLlmApi.Models(client.Client, Encoding.UTF8.GetBytes(requestJson), Output(out var output)), output);

    public static Outcome Health(this TestClient client) =>
        Checked("health-response.schema.json", LiteLlmApi.Health(client.Client, Output(out var output)), output);

    /// <summary>The asynchronous form: started, then awaited through its completion.</summary>
    public static Task<Outcome> EmbedAsync(this TestClient client, string requestJson)
    {
        var ended = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = LiteLlmApi.StartEmbed(client.Client, Encoding.UTF8.GetBytes(requestJson), (status, document) =>
        {
            string json = Encoding.UTF8.GetString(document.WrittenSpan);
            ended.SetResult(new Outcome(status, json));
        });
        call.Release();
        return ended.Task;
    }

    public static Task<Outcome> HealthAsync(this TestClient client)
    {
        var ended = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        LiteLlmApi.StartHealth(client.Client, (status, document) => ended.SetResult(new Outcome(status, Encoding.UTF8.GetString(document.WrittenSpan)))).Release();
        return ended.Task;
    }

    public static Task<Outcome> ModelsAsync(this TestClient client, string requestJson)
    {
        var ended = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        LiteLlmApi.StartModels(client.Client, Encoding.UTF8.GetBytes(requestJson),
            (status, document) => ended.SetResult(new Outcome(status, Encoding.UTF8.GetString(document.WrittenSpan)))).Release();
        return ended.Task;
    }

    private static PooledBuffer Output(out PooledBuffer output) => output = new PooledBuffer();

    private static Outcome Checked(string schema, LiteLlmStatus status, PooledBuffer output)
    {
        using (output)
        {
            string json = Encoding.UTF8.GetString(output.WrittenSpan);
            DocumentSchemas.AssertValid(status == LiteLlmStatus.Ok ? schema : "error.schema.json", json);
            return new Outcome(status, json);
        }
    }
}
