using System;
using System.Text;
using LiteLlmNative.Client;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Tests.Executor;

/// <summary>
/// Issue 16, item 7: boundaries a planted bug survived — a confidence exactly at
/// min_confidence passes; the back-off of a client made as a host makes one starts at 500 ms
/// and is capped at 8 s (the other tests build clients with their own, shorter back-off).
/// </summary>
public sealed class BoundaryTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();

    public void Dispose() => _server.Dispose();

    [Theory]
    [InlineData("0.6", "0.6", true)]
    [InlineData("0.6", "0.59999", false)]
    [InlineData("1", "1", true)]
    [InlineData("0", "0", true)]
    public void A_confidence_equal_to_min_confidence_is_accepted(string min, string confidence, bool accepted)
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(FakeResponse.Completion($$"""{"status":"success","output":1,"confidence":{{confidence}}}"""));
        var outcome = client.Run($$"""{"model":"m","task_prompt":"x","min_confidence":{{min}}}""");
        if (accepted) outcome.AssertOk();
        else outcome.AssertStatus(LiteLlmStatus.InvalidResult);
    }

    [Fact]
    public void A_real_client_backs_off_from_500_ms_to_at_most_8_s()
    {
        using var output = new PooledBuffer();
        var status = LiteLlmApi.CreateClient(Encoding.UTF8.GetBytes("""{"base_url":"http://127.0.0.1:9","api_key":""}"""), true, output, out var client);
        Assert.Equal(LiteLlmStatus.Ok, status);
        using (client)
        {
            var settings = client!.Provider.Settings;
            Assert.Equal(TimeSpan.FromMilliseconds(500), settings.BackoffBase);
            Assert.Equal(TimeSpan.FromSeconds(8), settings.BackoffCap);
            // However many attempts, no wait exceeds the cap (jitter included).
            for (int attempt = 0; attempt < 40; attempt++)
            {
                Assert.True(RetryPolicy.Backoff(attempt, settings.BackoffBase, settings.BackoffCap) <= TimeSpan.FromSeconds(8));
            }
        }
    }
}
