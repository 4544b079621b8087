using System;
using System.Collections.Generic;
using System.Linq;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Transport;

/// <summary>docs/configuration.md#request-headers: every call says x-litellm-call-id, so the proxy's logs and ours name it alike.</summary>
public sealed class CallIdTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();

    public void Dispose() => _server.Dispose();

    private List<string> CallIds() => _server.Requests.Select(r => r.Headers["x-litellm-call-id"]).ToList();

    [Fact]
    public void The_request_id_is_the_call_id_on_every_attempt()
    {
        using var client = new TestClient(_server, maxRetries: 2);
        _server.Enqueue(FakeResponse.Error(503, "busy"), FakeResponse.Error(503, "busy"), FakeResponse.Completion("ok"));
        client.Generate(Requests.Hello(extra: ""","request_id":"job-17" """)).AssertOk();
        Assert.Equal(new[] { "job-17", "job-17", "job-17" }, CallIds());
    }

    [Fact]
    public void Without_a_request_id_each_call_gets_a_fresh_uuid_kept_across_its_retries()
    {
        using var client = new TestClient(_server, maxRetries: 1);
        _server.Enqueue(FakeResponse.Error(500, "x"), FakeResponse.Completion("a"), FakeResponse.Completion("b"));
        client.Generate(Requests.Hello()).AssertOk();
        client.Stream(Requests.Hello("echo")).Outcome.AssertOk(); // the stream's request carries one too
        var ids = CallIds();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[1], ids[2]);
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _), id));
    }

    [Fact]
    public void A_call_id_the_host_sets_itself_is_the_one_sent()
    {
        using var client = new TestClient(_server, headers: [new("X-LiteLLM-Call-Id", "from-client")]);
        _server.Enqueue(FakeResponse.Completion("a"), FakeResponse.Completion("b"));
        client.Generate(Requests.Hello(extra: ""","request_id":"r1" """)).AssertOk();
        client.Generate(Requests.Hello(extra: ""","request_id":"r2","headers":{"x-litellm-call-id":"from-call"}""")).AssertOk();
        Assert.Equal(new[] { "from-client", "from-call" }, CallIds()); // once each: a repeated header would be joined
    }

    [Theory]
    [InlineData("\"a\\nb\"")]
    [InlineData("\"caf\u00e9\"")]
    public void A_request_id_that_cannot_be_a_header_is_refused(string id)
    {
        using var client = new TestClient(_server);
        var outcome = client.Generate(Requests.Hello(extra: $$""","request_id":{{id}}""")).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Equal("request_json: $.request_id: must be printable ASCII (it is sent as the x-litellm-call-id header)", outcome.ErrorMessage);
    }
}
