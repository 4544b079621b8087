using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Client;

/// <summary>
/// docs/documents.md#generate-request: an assistant message given back carries any members a
/// server returned (reasoning, thinking blocks, provider fields), sent on unchanged; its tool
/// calls may be in the response's shape or OpenAI's; other roles still refuse unknown fields.
/// </summary>
public sealed class AssistantMessageTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public AssistantMessageTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private JsonElement SentMessage(int index)
    {
        using var body = _server.Requests[^1].BodyJson();
        return body.RootElement.GetProperty("messages")[index].Clone();
    }

    private static string Request(string assistant) =>
        $$"""{"model":"m","messages":[{"role":"user","content":"weather?"},{{assistant}},{"role":"tool","tool_call_id":"call_1","content":"3C"}]}""";

    [Fact]
    public void A_response_s_message_appended_to_the_messages_goes_out_as_it_came()
    {
        _server.Enqueue(FakeResponse.Json(200, """
            {"id":"a","model":"claude","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"Checking.",
              "tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}],
              "reasoning_content":"Need weather.","thinking_blocks":[{"type":"thinking","thinking":"Need weather.","signature":"c2ln"}],
              "provider_specific_fields":{"citations":null}}}]}
            """));
        var message = _client.Generate(Requests.Hello()).AssertOk().Doc.GetProperty("message");
        _server.Enqueue(FakeResponse.Completion("3 degrees"));
        _client.Generate(Request(message.GetRawText())).AssertOk();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(message.GetRawText()), JsonNode.Parse(SentMessage(1).GetRawText())), SentMessage(1).GetRawText());
    }

    [Fact]
    public void Tool_calls_in_the_response_s_shape_still_take_openai_s_with_the_arguments_as_a_string()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Request("""{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","name":"get_weather","arguments":{"city":"Oslo"}}],"reasoning":"r"}""")).AssertOk();
        Assert.Equal("""{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}],"reasoning":"r"}""",
            SentMessage(1).GetRawText());
    }

    [Fact]
    public void OpenAI_form_arguments_given_as_json_become_a_string_and_function_members_stay()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Request("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":{"a":1},"strict":true}}]}""")).AssertOk();
        Assert.Equal("""{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}","strict":true}}""", SentMessage(1).GetProperty("tool_calls")[0].GetRawText());
    }

    [Theory]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","name":"f","function":{"name":"g"}}]}""", "$.messages[1].tool_calls[0].name: \"f\" differs from function.name \"g\"")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","name":"f","arguments":{},"function":{"arguments":"{}"}}]}""", "$.messages[1].tool_calls[0].arguments: give arguments or function.arguments, not both")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","function":{}}]}""", "$.messages[1].tool_calls[0].name: required")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","function":"f"}]}""", "$.messages[1].tool_calls[0].function: expected an object {\"name\", \"arguments\"}")]
    [InlineData("""{"role":"assistant"}""", "$.messages[1].content: required for a assistant message")]
    [InlineData("""{"role":"user","content":"x","reasoning_content":"r"}""", "$.messages[1].reasoning_content: unknown field")]
    [InlineData("""{"role":"tool","tool_call_id":"c","content":"x","nmae":"f"}""", "$.messages[1].nmae: unknown field (did you mean \"name\"?)")]
    public void Other_roles_refuse_unknown_fields_and_tool_calls_must_make_sense(string message, string error)
    {
        var outcome = _client.Generate($$"""{"model":"m","messages":[{"role":"user","content":"q"},{{message}}]}""").AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Equal("request_json: " + error, outcome.ErrorMessage);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void An_assistant_message_of_a_refusal_alone_is_taken()
    {
        _server.Enqueue(FakeResponse.Completion("ok"));
        _client.Generate(Request("""{"role":"assistant","content":null,"refusal":"I can't help with that."}""")).AssertOk();
        Assert.Equal("""{"role":"assistant","content":null,"refusal":"I can\u0027t help with that."}""".Replace("\\u0027", "'"), SentMessage(1).GetRawText());
    }
}
