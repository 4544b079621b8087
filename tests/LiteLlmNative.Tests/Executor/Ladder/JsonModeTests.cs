using System;
using System.Linq;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using static LiteLlmNative.Tests.Executor.Ladder.LadderRequests;

namespace LiteLlmNative.Tests.Executor.Ladder;

/// <summary>
/// docs/documents.md#run-request <c>json_mode</c>: what each mode sends, the fallback from
/// json_schema to json_object with the schema in the system message when a model refuses it,
/// and the client's memory of the models that take no schema.
/// </summary>
public sealed class JsonModeTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public JsonModeTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Theory]
    [InlineData(""","json_mode":false""", null, "off")]
    [InlineData("", null, "off")]
    [InlineData(""","json_mode":true""", "json_object", "json_object")]
    [InlineData(""","json_mode":"json_object" """, "json_object", "json_object")]
    [InlineData(""","json_mode":"json_schema" """, "json_schema", "json_schema")]
    [InlineData(""","json_mode":"auto" """, "json_schema", "json_schema")]
    public void Each_mode_sends_its_response_format(string mode, string? sent, string reported)
    {
        _server.Enqueue(FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a"]""", mode)).AssertOk().Doc;
        Assert.Equal(sent, FormatType(Bodies(_server).Single()));
        Assert.Equal(new[] { $"a ok 0 {reported}" }, Attempts(doc.GetProperty("attempts")));
    }

    [Fact]
    public void Json_schema_carries_the_result_schema_named_result_not_strict()
    {
        _server.Enqueue(FakeResponse.Completion("""{"queue":"tech"}"""));
        _client.Run(Run("""["a"]""", $$""","json_mode":"json_schema","result_schema":{{QueueSchema}}""")).AssertOk();
        var format = Bodies(_server).Single().GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var jsonSchema = format.GetProperty("json_schema");
        Assert.Equal("result", jsonSchema.GetProperty("name").GetString());
        Assert.False(jsonSchema.GetProperty("strict").GetBoolean());
        Assert.Equal(QueueSchema, jsonSchema.GetProperty("schema").GetRawText());
        // The messages are the plain ones: the schema travels in response_format only.
        Assert.Equal(new[] { ("system", Skill), ("user", TaskPrompt) }, Messages(Bodies(_server).Single()));
    }

    [Fact]
    public void Json_schema_without_a_result_schema_sends_the_default_one()
    {
        _server.Enqueue(FakeResponse.Completion(Good));
        _client.Run(Run("""["a"]""", ""","json_mode":"json_schema" """)).AssertOk();
        var schema = Bodies(_server).Single().GetProperty("response_format").GetProperty("json_schema").GetProperty("schema");
        Assert.Equal(new[] { "status" }, schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { "success", "failure", "escalate" },
            schema.GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("json_schema")]
    [InlineData("auto")]
    public void A_refusal_is_asked_again_at_once_with_json_object_and_the_schema_in_the_system_message(string mode)
    {
        _server.Enqueue(LiteLlmErrors.UnsupportedResponseFormat("a"), FakeResponse.Completion("""{"queue":"billing"}"""));
        var doc = _client.Run(Run("""["a","b"]""", $$""","json_mode":"{{mode}}","result_schema":{{QueueSchema}}""")).AssertOk().Doc;

        Assert.Equal("a", doc.GetProperty("model").GetString());
        Assert.Equal(0, doc.GetProperty("escalations").GetArrayLength());
        Assert.Equal(new[] { "a http_status 0 json_schema", "a ok 0 json_object" }, Attempts(doc.GetProperty("attempts")));
        var bodies = Bodies(_server);
        Assert.Equal(new[] { "a", "a" }, bodies.Select(b => b.GetProperty("model").GetString()));
        Assert.Equal("json_schema", FormatType(bodies[0]));
        Assert.Equal("json_object", FormatType(bodies[1]));
        var messages = Messages(bodies[1]);
        Assert.Equal(new[] { "system", "user" }, messages.Select(m => m.Role));
        Assert.Equal(Skill + "\n\nAnswer with one JSON object, and nothing else, that conforms to this JSON Schema:\n" + QueueSchema, messages[0].Content);
        Assert.Equal(TaskPrompt, messages[1].Content);
    }

    [Fact]
    public void Without_a_skill_prompt_the_schema_is_a_system_message_of_its_own()
    {
        _server.Enqueue(LiteLlmErrors.UnsupportedResponseFormat("a"), FakeResponse.Completion(Good));
        _client.Run("""{"model":"a","task_prompt":"t","json_mode":"json_schema"}""").AssertOk();
        var messages = Messages(Bodies(_server)[1]);
        Assert.Equal("system", messages[0].Role);
        Assert.StartsWith("Answer with one JSON object, and nothing else, that conforms to this JSON Schema:\n{\"type\":\"object\"", messages[0].Content);
        Assert.Equal(("user", "t"), messages[1]);
    }

    [Fact]
    public void A_model_that_refused_is_remembered_for_the_clients_lifetime_and_only_that_model()
    {
        _server.Enqueue(LiteLlmErrors.UnsupportedResponseFormat("a"), FakeResponse.Completion(Good));
        _client.Run(Run("""["a"]""", ""","json_mode":"json_schema" """)).AssertOk();

        // The next run on this client asks "a" with json_object (and the schema in the prompt) at
        // once; "b" has refused nothing and still gets json_schema.
        _server.Enqueue(FakeResponse.Completion("not json"), FakeResponse.Completion("still not"), FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["litellm:a","b"]""", ""","json_mode":"auto" """)).AssertOk().Doc;
        Assert.Equal(new[] { "a invalid_result 0 json_object", "a invalid_result 1 json_object", "b ok 0 json_schema" },
            Attempts(doc.GetProperty("attempts")));
        var bodies = Bodies(_server).Skip(2).ToList();
        Assert.Contains("conforms to this JSON Schema", Messages(bodies[0])[0].Content);
        Assert.DoesNotContain("JSON Schema", Messages(bodies[2])[0].Content);

        // Another client has its own memory.
        using var other = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Completion(Good));
        other.Run(Run("""["a"]""", ""","json_mode":"json_schema" """)).AssertOk();
        Assert.Equal("json_schema", FormatType(Bodies(_server).Last()));
    }

    [Theory]
    [InlineData("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", null)]
    [InlineData("This model does not support json_schema.", "invalid_request_error")]
    [InlineData("litellm.UnsupportedParamsError: bedrock does not support this parameter", null)]
    public void A_400_naming_response_format_or_json_schema_or_unsupported_params_is_a_refusal(string message, string? type)
    {
        _server.Enqueue(FakeResponse.Error(400, message, type, "400"), FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a","b"]""", ""","json_mode":"json_schema" """)).AssertOk().Doc;
        Assert.Equal(new[] { "a http_status 0 json_schema", "a ok 0 json_object" }, Attempts(doc.GetProperty("attempts")));
    }

    [Theory]
    [InlineData(400, "messages: must not be empty")]             // a 400 about something else
    [InlineData(422, "response_format is not supported")]        // not a 400
    [InlineData(500, "json_schema backend crashed")]
    public void Other_failures_of_a_json_schema_request_escalate_without_a_json_object_retry(int status, string message)
    {
        _server.Enqueue(FakeResponse.Error(status, message), FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a","b"]""", ""","json_mode":"json_schema" """)).AssertOk().Doc;
        Assert.Equal(new[] { "a http_status 0 json_schema", "b ok 0 json_schema" }, Attempts(doc.GetProperty("attempts")));
    }

    [Fact]
    public void A_json_object_request_refused_is_not_retried_it_escalates()
    {
        _server.Enqueue(LiteLlmErrors.UnsupportedResponseFormat("a"), FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a","b"]""", ""","json_mode":"json_object" """)).AssertOk().Doc;
        Assert.Equal(new[] { "a http_status 0 json_object", "b ok 0 json_object" }, Attempts(doc.GetProperty("attempts")));
    }

    [Fact]
    public void The_fallback_refused_too_escalates()
    {
        _server.Enqueue(LiteLlmErrors.UnsupportedResponseFormat("a"), LiteLlmErrors.UnsupportedResponseFormat("a"), FakeResponse.Completion(Good));
        var doc = _client.Run(Run("""["a","b"]""", ""","json_mode":"json_schema" """)).AssertOk().Doc;
        Assert.Equal(new[] { "a http_status 0 json_schema", "a http_status 0 json_object", "b ok 0 json_schema" },
            Attempts(doc.GetProperty("attempts")));
        Assert.Equal(new[] { "a" }, EscalatedModels(doc.GetProperty("escalations")));
    }

    [Fact]
    public void The_fake_no_schema_model_refuses_in_litellms_shape()
    {
        // Model-directed, as the native and CLI tests use it: no queued answer.
        var doc = _client.Run(Run("""["no-schema-a"]""", ""","json_mode":"auto" """)).AssertOk().Doc;
        Assert.Equal(new[] { "no-schema-a http_status 0 json_schema", "no-schema-a ok 0 json_object" }, Attempts(doc.GetProperty("attempts")));
        Assert.Equal("success", doc.GetProperty("result").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("\"yes\"", "$.json_mode: \"yes\" is not one of false, true, \"json_object\", \"json_schema\", \"auto\"")]
    [InlineData("\"JSON_SCHEMA\"", "$.json_mode: \"JSON_SCHEMA\" is not one of")]
    [InlineData("1", "$.json_mode: expected false, true, \"json_object\", \"json_schema\" or \"auto\", got number")]
    [InlineData("{}", "$.json_mode: expected false, true")]
    public void A_json_mode_of_another_value_is_invalid_argument_before_any_call(string value, string message)
    {
        var outcome = _client.Run(Run("""["a"]""", $$""","json_mode":{{value}}""")).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.StartsWith("request_json: " + message, outcome.ErrorMessage);
        Assert.Empty(_server.Requests);
    }
}
