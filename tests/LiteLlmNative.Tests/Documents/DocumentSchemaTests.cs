using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Documents;

/// <summary>
/// The schemas in docs/schema bind: every document a test sees is checked against them (see
/// <see cref="DocumentSchemas"/>); here, that the check can fail — a field too many, a field
/// missing, a wrong type each break it — and that every schema file is one the checker reads.
/// </summary>
public sealed class DocumentSchemaTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public DocumentSchemaTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static int Violations(string schema, JsonNode document) =>
        DocumentSchemas.Get(schema).Validate(JsonDocument.Parse(document.ToJsonString()).RootElement).Count;

    [Fact]
    public void A_response_with_a_field_too_many_missing_or_of_the_wrong_type_breaks_the_schema()
    {
        var doc = JsonNode.Parse(_client.Generate(Requests.Hello()).AssertOk().Json)!;
        Assert.Equal(0, Violations("response.schema.json", doc));

        var extra = doc.DeepClone();
        extra["surprise"] = "new";
        Assert.True(Violations("response.schema.json", extra) > 0, "a field the schema does not list");

        var missing = doc.DeepClone();
        missing.AsObject().Remove("cost_usd");
        Assert.True(Violations("response.schema.json", missing) > 0, "a field the schema requires");

        var wrong = doc.DeepClone();
        wrong["input_tokens"] = "7";
        Assert.True(Violations("response.schema.json", wrong) > 0, "a field of the wrong type");
    }

    [Fact]
    public void An_error_document_and_its_escalations_are_checked_to_the_bottom()
    {
        _server.Enqueue(FakeResponse.Completion("not json"), FakeResponse.Completion("not json either"));
        var doc = JsonNode.Parse(_client.Run("""{"models":["a","b"],"task_prompt":"x"}""").AssertStatus(LiteLlmStatus.InvalidResult).Json)!;
        Assert.Equal(0, Violations("error.schema.json", doc));
        doc["error"]!["escalations"]![0]!["error"]!["kind"] = "bogus";
        Assert.True(Violations("error.schema.json", doc) > 0, "an escalation's error is checked too");
    }

    [Fact]
    public void A_log_event_with_a_member_too_many_or_missing_breaks_its_schema()
    {
        const string retry = """{"event":"retry","gen_ai.request.model":"m","attempt":1,"delay_ms":5.2,"delay_source":"backoff","reason":"x","request_id":null}""";
        Assert.Null(DocumentSchemas.LogEventViolations(retry));
        Assert.NotNull(DocumentSchemas.LogEventViolations(retry.Replace("\"reason\":\"x\",", "")));
        Assert.NotNull(DocumentSchemas.LogEventViolations(retry.Replace("\"request_id\":null", "\"request_id\":null,\"extra\":1")));
        Assert.NotNull(DocumentSchemas.LogEventViolations(retry.Replace("backoff", "guess")));
        Assert.NotNull(DocumentSchemas.LogEventViolations("""{"event":"mystery"}"""));
    }

    [Fact]
    public void Every_schema_file_compiles_and_names_its_title()
    {
        string dir = Path.GetDirectoryName(typeof(DocumentSchemas).Assembly.Location)!;
        var schemas = Directory.GetFiles(FindSchemaDirectory(dir), "*.schema.json");
        Assert.True(schemas.Length >= 11, $"{schemas.Length} schema files");
        foreach (string path in schemas)
        {
            DocumentSchemas.Get(Path.GetFileName(path));
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            Assert.True(doc.RootElement.TryGetProperty("title", out _), $"{path} has no title");
        }
    }

    private static string FindSchemaDirectory(string from)
    {
        for (var d = new DirectoryInfo(from); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "docs", "schema");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("docs/schema not found");
    }
}
