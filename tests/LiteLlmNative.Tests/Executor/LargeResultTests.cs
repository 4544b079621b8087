using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Executor;

/// <summary>
/// A run's answer is parsed where it lies (as UTF-8) and its long strings are checked and
/// written without being decoded into strings: the results must be exactly those of the
/// string path — the same white space trimmed, the same lone surrogates refused, the same text.
/// </summary>
public sealed class LargeResultTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public LargeResultTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    // Repairs off: each test judges one answer.
    private const string Request = """{"model":"m","task_prompt":"x","repair_attempts":0}""";

    /// <summary>A result whose output.text is <paramref name="rawText"/> as JSON text (escapes and all).</summary>
    private static string ResultWith(string rawText) => "{\"status\":\"success\",\"output\":{\"text\":\"" + rawText + "\"}}";

    [Theory]
    [InlineData("\u00a0\u3000 ", "\u2028\n")]   // Unicode white space, as string.Trim sees it
    [InlineData("\n\t", "\r\n")]
    [InlineData("", "")]
    public void White_space_around_the_object_is_trimmed_as_before(string before, string after)
    {
        _server.Enqueue(FakeResponse.Completion(before + ResultWith("ok") + after));
        var doc = _client.Run(Request).AssertOk().Doc;
        Assert.Equal("ok", doc.GetProperty("result").GetProperty("output").GetProperty("text").GetString());
    }

    [Fact]
    public void Other_text_around_the_object_is_still_refused()
    {
        _server.Enqueue(FakeResponse.Completion("\u00a0x" + ResultWith("ok")));
        _client.Run(Request).AssertStatus(LiteLlmStatus.InvalidResult);
    }

    [Theory]
    [InlineData("\\ud800")]            // a high half alone
    [InlineData("\\udc00")]            // a low half alone
    [InlineData("\\ud800\\n")]         // a high half followed by another escape
    [InlineData("\\ud800x\\udc00")]    // the halves apart
    [InlineData("\\udc00\\ud800")]     // in the wrong order
    public void A_lone_surrogate_escape_in_a_long_string_is_an_invalid_result(string escape)
    {
        string raw = new string('a', 5000) + escape + new string('b', 10);
        _server.Enqueue(FakeResponse.Completion(ResultWith(raw)));
        var error = _client.Run(Request).AssertStatus(LiteLlmStatus.InvalidResult).Error;
        Assert.Contains("surrogate", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(100)]      // written by the runtime
    [InlineData(5000)]     // written as it lies
    [InlineData(200_000)]
    public void A_long_string_comes_back_as_the_same_text(int length)
    {
        // Escapes of every kind, an escaped surrogate pair, non-ASCII as it is and escaped.
        string[] parts = { "plain ", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "é", "\\ud83d\\ude00", "😀", "\\u0001" };
        var raw = new StringBuilder();
        for (int i = 0; raw.Length < length; i++) raw.Append(parts[i % parts.Length]);
        string expected = JsonDocument.Parse("\"" + raw + "\"").RootElement.GetString()!;
        _server.Enqueue(FakeResponse.Completion(ResultWith(raw.ToString())));
        var doc = _client.Run(Request).AssertOk().Doc;
        Assert.Equal(expected, doc.GetProperty("result").GetProperty("output").GetProperty("text").GetString());
    }
}
