using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Endpoints;

/// <summary>litellm_models and litellm_health (docs/documents.md#models-response, #health-response).</summary>
public sealed class ModelsAndHealthTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();

    public void Dispose() => _server.Dispose();

    private TestClient Client(string? behaviour = null, string? baseUrl = null, int maxRetries = 0) =>
        new(_server, maxRetries: maxRetries, baseUrl: baseUrl,
            headers: behaviour is null ? null : new[] { new KeyValuePair<string, string>("x-fake-behaviour", behaviour) });

    [Fact]
    public void Models_lists_the_ids_and_owners_from_v1_models()
    {
        using var client = Client();
        var doc = client.Models().AssertOk().Doc;
        var sent = _server.Requests[^1];
        Assert.Equal("GET", sent.Method);
        Assert.Equal("/v1/models", sent.Path);
        Assert.Empty(sent.Body);
        Assert.False(sent.Headers.ContainsKey("Content-Type"), "a GET has no body to type");
        Assert.Equal(
            new[] { "gpt-4o/openai", "text-embedding-3-small/openai", "local-llama/custom" },
            doc.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString() + "/" + m.GetProperty("owned_by").GetString()));
    }

    [Fact]
    public void Info_reads_litellms_model_info_with_nulls_where_it_knows_nothing()
    {
        using var client = Client();
        var models = client.Models("""{"info":true}""").AssertOk().Doc.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal("/v1/model/info", _server.Requests[^1].Path);
        Assert.Equal(3, models.Count);
        var known = models[0];
        Assert.Equal("d1f0c0ffee", known.GetProperty("id").GetString());
        Assert.Equal("gpt-4o", known.GetProperty("model_group").GetString());
        Assert.Equal(128000, known.GetProperty("max_input_tokens").GetInt64());
        Assert.Equal(16384, known.GetProperty("max_output_tokens").GetInt64());
        Assert.Equal(2.5e-06, known.GetProperty("input_cost_per_token").GetDouble());
        Assert.Equal(1e-05, known.GetProperty("output_cost_per_token").GetDouble());
        Assert.True(known.GetProperty("supports_response_schema").GetBoolean());
        Assert.True(known.GetProperty("supports_function_calling").GetBoolean());
        Assert.False(known.GetProperty("supports_reasoning").GetBoolean());
        var local = models[1];
        Assert.Equal("local-1", local.GetProperty("id").GetString());
        Assert.Equal("local-llama", local.GetProperty("model_group").GetString());
        Assert.Equal(8192, local.GetProperty("max_input_tokens").GetInt64()); // sent as 8192.0
        foreach (string unknown in new[] { "max_output_tokens", "input_cost_per_token", "supports_function_calling", "supports_reasoning" })
        {
            Assert.Equal(JsonValueKind.Null, local.GetProperty(unknown).ValueKind);
        }
        Assert.Equal(JsonValueKind.Null, models[2].GetProperty("max_input_tokens").ValueKind);
    }

    [Theory]
    [InlineData("bad-entry", false, "the server's model list: $.data[0].id: expected a model name")]
    [InlineData("bad-entry", true, "the server's model info: $.data[1]: neither model_name nor model_info.id")]
    [InlineData("no-data", false, "the server's model list has no data array")]
    [InlineData("garbage", true, "the server's model info is not JSON")]
    public void A_list_of_the_wrong_shape_is_a_bad_response(string behaviour, bool info, string message)
    {
        using var client = Client(behaviour);
        var outcome = client.Models(info ? """{"info":true}""" : "{}").AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Contains(message, outcome.ErrorMessage);
    }

    [Fact]
    public void An_empty_list_is_an_answer()
    {
        using var client = Client("empty");
        Assert.Equal("""{"models":[]}""", client.Models().AssertOk().Json);
    }

    [Theory]
    [InlineData("""{"info":1}""", "request_json: $.info: expected true or false")]
    [InlineData("""{"model":"m"}""", "request_json: $.model: unknown field")]
    [InlineData("""{"max_retries":-1}""", "request_json: $.max_retries: must be between 0 and 100, got -1")]
    public void A_bad_models_request_is_refused_before_sending(string request, string message)
    {
        using var client = Client();
        Assert.StartsWith(message, client.Models(request).AssertStatus(LiteLlmStatus.InvalidArgument).ErrorMessage);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Health_reads_the_readiness_answer()
    {
        using var client = Client();
        var doc = client.Health().AssertOk().Doc;
        var sent = _server.Requests[^1];
        Assert.Equal("GET /health/readiness", sent.Method + " " + sent.Path);
        Assert.True(doc.GetProperty("healthy").GetBoolean());
        Assert.Equal("healthy", doc.GetProperty("status").GetString());
        Assert.Equal(HealthResponderVersion, doc.GetProperty("litellm_version").GetString());
        Assert.Equal("Not connected", doc.GetProperty("db").GetString());
        Assert.True(doc.GetProperty("latency_ms").GetDouble() > 0);
    }

    private const string HealthResponderVersion = "1.74.0-fake";

    [Theory]
    [InlineData("http://127.0.0.1:{0}/v1", "/health/readiness")]
    [InlineData("http://127.0.0.1:{0}/prefix", "/prefix/health/readiness")]
    [InlineData("http://127.0.0.1:{0}/prefix/v1/chat/completions", "/prefix/health/readiness")]
    public void Health_is_at_the_root_above_v1(string baseUrl, string path)
    {
        using var client = Client(baseUrl: string.Format(System.Globalization.CultureInfo.InvariantCulture, baseUrl, _server.Port));
        client.Health(); // a prefix the fake does not serve: 404, which is fine here
        Assert.Equal(path, _server.Requests[^1].Path);
    }

    [Fact]
    public void Routes_beside_chat_follow_a_base_that_ends_in_v1()
    {
        using var client = Client(baseUrl: _server.BaseUrl + "/v1");
        client.Embed("""{"model":"m","input":"x"}""").AssertOk();
        Assert.Equal("/v1/embeddings", _server.Requests[^1].Path);
        client.Models("""{"info":true}""").AssertOk();
        Assert.Equal("/v1/model/info", _server.Requests[^1].Path);
    }

    [Fact]
    public void A_200_that_says_unhealthy_is_not_healthy()
    {
        using var client = Client("unhealthy");
        var doc = client.Health().AssertOk().Doc;
        Assert.False(doc.GetProperty("healthy").GetBoolean());
        Assert.Equal("unhealthy", doc.GetProperty("status").GetString());
    }

    [Fact]
    public void An_unhealthy_503_is_an_http_status_error_after_the_retries()
    {
        using var client = Client("status-503", maxRetries: 1);
        var error = client.Health().AssertStatus(LiteLlmStatus.HttpStatus).Error;
        Assert.Equal(503, error.GetProperty("status").GetInt32());
        Assert.Equal(2, error.GetProperty("attempts").GetInt32());
        Assert.Contains("Service Unhealthy", error.GetProperty("body").GetString());
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public void A_readiness_answer_that_is_not_json_is_a_bad_response()
    {
        using var client = Client("not-json");
        Assert.Contains("the server's readiness answer is not JSON", client.Health().AssertStatus(LiteLlmStatus.BadResponse).ErrorMessage);
    }

    [Fact]
    public async Task The_asynchronous_forms_give_the_same_documents()
    {
        using var client = Client();
        var health = (await client.HealthAsync()).AssertOk();
        DocumentSchemas.AssertValid("health-response.schema.json", health.Json);
        var models = (await client.ModelsAsync("""{"info":true}""")).AssertOk();
        DocumentSchemas.AssertValid("model-info-response.schema.json", models.Json);
        Assert.Equal(client.Models("""{"info":true}""").Doc.GetProperty("models").GetRawText(), models.Doc.GetProperty("models").GetRawText());
    }
}
