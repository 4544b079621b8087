using System;
using System.Text;
using LiteLlmNative.Client;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Interop;

/// <summary>Bad input gets invalid_argument and a message that names the field and the problem.</summary>
public sealed class RequestValidationTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public RequestValidationTests() => _client = new TestClient(_server);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "$.model: required")]
    [InlineData("""{"model":"m"}""", "$.messages: required")]
    [InlineData("""{"model":"m","messages":[]}""", "$.messages: must not be empty")]
    [InlineData("""{"model":"","messages":[{"role":"user","content":"x"}]}""", "$.model: must name a model")]
    [InlineData("""{"model":"litellm:","messages":[{"role":"user","content":"x"}]}""", "$.model: must name a model")]
    [InlineData("""{"model":"m","messages":[{"role":"bot","content":"x"}]}""", "$.messages[0].role: \"bot\" is not one of")]
    [InlineData("""{"model":"m","messages":[{"content":"x"}]}""", "$.messages[0].role: required")]
    [InlineData("""{"model":"m","messages":[{"role":"user"}]}""", "$.messages[0].content: required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":5}]}""", "$.messages[0].content: expected a string")]
    [InlineData("""{"model":"m","messages":[null]}""", "$.messages[0]: expected an object")]
    [InlineData("""{"model":"m","messages":[{"role":"tool","content":"x"}]}""", "$.messages[0].tool_call_id: required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x","tool_calls":[]}]}""", "$.messages[0].tool_calls: only an assistant")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":-5}""", "$.max_tokens: must be at least 1")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":-1}""", "$.temperature: must be between")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"top_p":3}""", "$.top_p: must be between")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"timeout_ms":0}""", "$.timeout_ms: must be between")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"timeout_ms":-1}""", "$.timeout_ms: must be between")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_retries":-1}""", "$.max_retries: must be between")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stop":5}""", "$.stop: expected a string or an array")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":"maybe"}""", "$.tool_choice: \"maybe\" is not one of")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"description":"d"}]}""", "$.tools[0].name: required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"extra_body":[1]}""", "$.extra_body: expected an object")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"request_id":""}""", "$.request_id: must be 1 to 256")]
    public void Invalid_generate_requests_name_the_field_and_problem(string request, string expected)
    {
        var outcome = _client.Generate(request).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.StartsWith("request_json: " + expected, outcome.ErrorMessage);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"temperture":0.2}""", "$.temperture: unknown field")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x","nme":"a"}]}""", "$.messages[0].nme: unknown field")]
    [InlineData("""{"model":5,"messages":[]}""", "$.model: expected a string")]
    [InlineData("""{"model":"m","messages":{}}""", "$.messages: expected an array")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":"many"}""", "$.max_tokens: expected an integer")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":1.5}""", "$.max_tokens: expected an integer")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":99999999999}""", "$.max_tokens: expected an integer")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"headers":{"a":1}}""", "$.headers.a: expected a string")]
    [InlineData("""{"model":"a","model":"b","messages":[{"role":"user","content":"x"}]}""", "$.model: duplicate key")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x","role":"system"}]}""", "$.messages[0].role: duplicate key")]
    [InlineData("""[1,2]""", "must be a JSON object, got an array")]
    [InlineData("""{"model":"m",""", "malformed JSON")]
    [InlineData("""{"model":"m"} trailing""", "malformed JSON")]
    [InlineData("", "empty document")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"\ud800"}]}""", "$.messages[0].content: invalid \\u escape")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"metadata":{"\udc00":1}}""", "a key has an invalid \\u escape")]
    public void Malformed_or_mistyped_json_is_reported_with_its_path(string request, string expected)
    {
        var outcome = _client.Generate(request).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains(expected, outcome.ErrorMessage);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_its_offset()
    {
        byte[] bad = Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"x?"}]}""");
        int at = Array.IndexOf(bad, (byte)'?');
        bad[at] = 0xC3; // a lead byte followed by '"' is not UTF-8
        using var output = new PooledBuffer();
        var status = LiteLlmApi.Generate(_client.Client, bad, output);
        var outcome = new Outcome(status, Encoding.UTF8.GetString(output.WrittenSpan)).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains($"not valid UTF-8 (at byte {at})", outcome.ErrorMessage);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_rejected_not_a_stack_overflow()
    {
        string deep = new string('[', 10_000) + new string(']', 10_000);
        var outcome = _client.Generate($$$"""{"model":"m","messages":[{"role":"user","content":"x"}],"metadata":{"a":{{{deep}}}}}""")
            .AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains("nested deeper than 64 levels", outcome.ErrorMessage);
    }

    [Theory]
    [InlineData("""{"base_url":"ftp://x"}""", "$.base_url")]
    [InlineData("""{"base_url":"not a url"}""", "$.base_url")]
    [InlineData("""{"timeout_ms":-1}""", "$.timeout_ms")]
    [InlineData("""{"max_retries":1000}""", "$.max_retries")]
    [InlineData("""{"headers":{"x":"a\nb"}}""", "$.headers.x")]
    [InlineData("""{"base":"http://x"}""", "$.base: unknown field")]
    public void Invalid_client_options_name_the_field(string options, string expected)
    {
        using var output = new PooledBuffer();
        var status = LiteLlmApi.CreateClient(Encoding.UTF8.GetBytes(options), hasOptions: true, output, out var client);
        Assert.Null(client);
        var outcome = new Outcome(status, Encoding.UTF8.GetString(output.WrittenSpan)).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains(expected, outcome.ErrorMessage);
    }

    [Fact]
    public void Api_key_with_newline_is_rejected_without_echoing_it()
    {
        using var output = new PooledBuffer();
        var status = LiteLlmApi.CreateClient(Encoding.UTF8.GetBytes("""{"api_key":"sk-secret\nx"}"""), true, output, out _);
        string json = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Equal(LiteLlmStatus.InvalidArgument, status);
        Assert.DoesNotContain("sk-secret", json);
    }
}
