using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Endpoints;

/// <summary>litellm_embed (docs/documents.md#embed-request): the wire request, decoding, order and exactness.</summary>
public sealed class EmbedTests : IDisposable
{
    private readonly FakeOpenAiServer _server = new();
    private readonly TestClient _client;

    public EmbedTests() => _client = new TestClient(_server, maxRetries: 0);

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static string Request(string model, string input, string extra = "") =>
        $$"""{"model":"{{model}}","input":{{input}}{{extra}}}""";

    /// <summary>The vectors of a document, as the 32-bit floats a host reads (float.Parse of each number).</summary>
    private static float[][] Vectors(Outcome outcome) =>
        outcome.Doc.GetProperty("embeddings").EnumerateArray()
            .Select(v => v.EnumerateArray().Select(x => float.Parse(x.GetRawText(), System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    private static void AssertBitsEqual(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Fact]
    public void Asks_for_base64_and_returns_every_vector_bit_for_bit_in_input_order()
    {
        var outcome = _client.Embed(Request("litellm:text-embedding-3-small", """["alpha","beta","gamma"]""", ""","dimensions":64""")).AssertOk();
        using (var sent = _server.Requests[^1].BodyJson())
        {
            Assert.Equal("/v1/embeddings", _server.Requests[^1].Path);
            Assert.Equal("text-embedding-3-small", sent.RootElement.GetProperty("model").GetString()); // the routing prefix is stripped
            Assert.Equal("base64", sent.RootElement.GetProperty("encoding_format").GetString());
            Assert.Equal(64, sent.RootElement.GetProperty("dimensions").GetInt32());
        }
        var vectors = Vectors(outcome);
        Assert.Equal(3, vectors.Length);
        string[] inputs = ["alpha", "beta", "gamma"];
        for (int i = 0; i < 3; i++) AssertBitsEqual(FakeVectors.For(inputs[i], 64), vectors[i]);
        var doc = outcome.Doc;
        Assert.Equal("text-embedding-3-small", doc.GetProperty("model").GetString());
        Assert.True(doc.GetProperty("input_tokens").GetInt64() > 0);
        Assert.Equal(0.00002, doc.GetProperty("cost_usd").GetDouble());
        Assert.StartsWith("call-", doc.GetProperty("call_id").GetString());
        Assert.Equal(1, doc.GetProperty("attempts").GetInt32());
        Assert.True(doc.GetProperty("latency_ms").GetDouble() > 0);
    }

    [Fact]
    public void One_text_gives_one_vector()
    {
        var vectors = Vectors(_client.Embed(Request("m", "\"just one\"")).AssertOk());
        AssertBitsEqual(FakeVectors.For("just one", FakeVectors.DefaultDimensions), Assert.Single(vectors));
    }

    [Fact]
    public void A_float_answer_is_decoded_to_the_same_bits_as_a_base64_one()
    {
        // embed-floats answers numbers whatever was asked; so does a server that ignores
        // encoding_format, or extra_body asking "float".
        var floats = Vectors(_client.Embed(Request("embed-floats", """["one","two"]""")).AssertOk());
        var asked = Vectors(_client.Embed(Request("m", """["one","two"]""", ""","extra_body":{"encoding_format":"float"}""")).AssertOk());
        using (var sent = _server.Requests[^1].BodyJson()) Assert.Equal("float", sent.RootElement.GetProperty("encoding_format").GetString());
        var base64 = Vectors(_client.Embed(Request("m", """["one","two"]""")).AssertOk());
        for (int i = 0; i < 2; i++)
        {
            AssertBitsEqual(base64[i], floats[i]);
            AssertBitsEqual(base64[i], asked[i]);
        }
    }

    [Fact]
    public void Every_float_pattern_round_trips_through_the_document()
    {
        // Extremes a shortest-form writer could get wrong: the smallest subnormal, the largest
        // float, values one ulp apart, negative zero.
        float[] values = [float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1e-38f, 0.1f, BitConverter.Int32BitsToSingle(0x3DCCCCCD),
            -0.0f, 0f, 1f / 3, 16777217f, 3.4028233e38f, 1.17549435e-38f];
        var rng = new Random(7);
        var random = Enumerable.Range(0, 2000).Select(_ => BitConverter.Int32BitsToSingle(rng.Next())).Where(float.IsFinite);
        float[] all = values.Concat(random).ToArray();
        string body = $$$"""{"data":[{"index":0,"embedding":"{{{FakeVectors.Base64(all)}}}"}],"model":"m","usage":{"prompt_tokens":1}}""";
        _server.Enqueue(FakeResponse.Json(200, body));
        var vector = Assert.Single(Vectors(_client.Embed(Request("m", "\"x\"")).AssertOk()));
        AssertBitsEqual(all, vector);
    }

    [Fact]
    public void Vectors_are_placed_by_their_index_or_by_their_order_without_one()
    {
        string[] inputs = ["a", "b", "c", "d"];
        string json = "[" + string.Join(",", inputs.Select(s => $"\"{s}\"")) + "]";
        var shuffled = Vectors(_client.Embed(Request("embed-shuffled", json)).AssertOk());
        var unnumbered = Vectors(_client.Embed(Request("embed-no-index", json)).AssertOk());
        for (int i = 0; i < inputs.Length; i++)
        {
            AssertBitsEqual(FakeVectors.For(inputs[i], FakeVectors.DefaultDimensions), shuffled[i]);
            AssertBitsEqual(FakeVectors.For(inputs[i], FakeVectors.DefaultDimensions), unnumbered[i]);
        }
    }

    [Fact]
    public void Base64_with_escaped_slashes_is_unescaped_first()
    {
        // Some JSON writers escape "/": every vector of this answer has \/ in its base64.
        var vectors = Vectors(_client.Embed(Request("embed-escaped", """["slash","me"]""", ""","dimensions":256""")).AssertOk());
        Assert.Contains('/', FakeVectors.Base64(FakeVectors.For("slash", 256))); // so the answer did escape something
        AssertBitsEqual(FakeVectors.For("slash", 256), vectors[0]);
        AssertBitsEqual(FakeVectors.For("me", 256), vectors[1]);
    }

    [Theory]
    [InlineData("embed-bad-base64", "$.data[0].embedding: not valid base64")]
    [InlineData("embed-odd-bytes", "$.data[0].embedding: 62 bytes are not a whole number of 32-bit floats")]
    [InlineData("embed-missing", "has 2 vectors for 3 inputs")]
    [InlineData("embed-extra", "has 4 vectors for 3 inputs")]
    [InlineData("embed-nan", "$.data[2].embedding[8]: NaN is not a usable vector value")]
    [InlineData("embed-ragged", "$.data[1].embedding: 15 values, but the vectors before it have 16")]
    [InlineData("embed-duplicate-index", "$.data[1].index: a second vector for input 0")]
    [InlineData("garbage", "the server's embeddings answer is not JSON")]
    public void A_malformed_answer_is_a_bad_response_that_names_the_place(string model, string message)
    {
        var outcome = _client.Embed(Request(model, """["one","two","three"]""")).AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Contains(message, outcome.ErrorMessage);
        Assert.False(outcome.Error.GetProperty("body").ValueKind == JsonValueKind.Null, "the answer's start is in the error document");
    }

    [Fact]
    public void NaN_in_a_float_answer_is_not_json_and_a_bad_response()
    {
        var outcome = _client.Embed(Request("embed-nan", """["one","two"]""", ""","extra_body":{"encoding_format":"float"}""")).AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Contains("is not JSON", outcome.ErrorMessage);
    }

    [Fact]
    public void Vectors_of_another_length_than_the_dimensions_asked_for_are_a_bad_response()
    {
        var outcome = _client.Embed(Request("embed-wrong-dims", """["one","two"]""", ""","dimensions":32""")).AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Contains("$.data[0].embedding: 31 values, but the request asked for dimensions 32", outcome.ErrorMessage);
    }

    [Theory]
    [InlineData("""{"data":[{"index":0,"embedding":[0.5,"x"]}]}""", "$.data[0].embedding[1]: expected a number, got a string")]
    [InlineData("""{"data":[{"index":0,"embedding":[0.5,1e39]}]}""", "$.data[0].embedding[1]: 1e39 is outside the range of a 32-bit float")]
    [InlineData("""{"data":[{"index":0,"embedding":[]}]}""", "$.data[0].embedding: empty: no values")]
    [InlineData("""{"data":[{"index":0,"embedding":""}]}""", "$.data[0].embedding: empty: no values")]
    [InlineData("""{"data":[{"index":0,"embedding":"AAAAAA="}]}""", "not valid base64 (its length 7 is not a multiple of 4)")]
    [InlineData("""{"data":[{"index":0,"embedding":null}]}""", "$.data[0].embedding: expected a base64 string or an array of numbers, got null")]
    [InlineData("""{"data":[{"index":0}]}""", "$.data[0]: no embedding")]
    [InlineData("""{"data":[{"index":5,"embedding":[1]}]}""", "$.data[0].index: 5 is not the index of one of the 1 inputs")]
    [InlineData("""{"data":[{"index":"0","embedding":[1]}]}""", "$.data[0].index: expected an integer")]
    [InlineData("""{"data":[7]}""", "$.data[0]: expected an object")]
    [InlineData("""{"data":null}""", "has no data array")]
    [InlineData("""{"object":"list"}""", "has no data array")]
    [InlineData("""[1,2]""", "is not a JSON object")]
    [InlineData("""{"error":{"message":"model overloaded","type":"server_error"}}""", "the server answered 2xx with an error: model overloaded")]
    public void Scripted_answers_of_the_wrong_shape_are_bad_responses(string body, string message)
    {
        _server.Enqueue(FakeResponse.Json(200, body));
        var outcome = _client.Embed(Request("m", "\"x\"")).AssertStatus(LiteLlmStatus.BadResponse);
        Assert.Contains(message, outcome.ErrorMessage);
    }

    [Fact]
    public void A_missing_usage_gives_zero_tokens_and_the_requested_model()
    {
        _server.Enqueue(FakeResponse.Json(200, """{"data":[{"index":0,"embedding":[0.25,-1.5]}]}"""));
        var doc = _client.Embed(Request("litellm_proxy/embedder", "\"x\"")).AssertOk().Doc;
        Assert.Equal(0, doc.GetProperty("input_tokens").GetInt64());
        Assert.Equal("embedder", doc.GetProperty("model").GetString());
        Assert.Equal("[[0.25,-1.5]]", doc.GetProperty("embeddings").GetRawText());
    }

    [Theory]
    [InlineData("""{"input":"x"}""", "request_json: $.model: required")]
    [InlineData("""{"model":"m"}""", "request_json: $.input: required: a text, or an array of texts")]
    [InlineData("""{"model":"m","input":[]}""", "request_json: $.input: must not be empty: give at least one text")]
    [InlineData("""{"model":"m","input":""}""", "request_json: $.input: must not be empty")]
    [InlineData("""{"model":"m","input":["a",""]}""", "request_json: $.input[1]: must not be empty")]
    [InlineData("""{"model":"m","input":["a",3]}""", "request_json: $.input[1]: expected a string")]
    [InlineData("""{"model":"m","input":{"a":1}}""", "request_json: $.input: expected a text or an array of texts")]
    [InlineData("""{"model":"m","input":"x","dimensions":0}""", "request_json: $.dimensions: must be between 1 and 65536, got 0")]
    [InlineData("""{"model":"m","input":"x","extra_body":{"input":["y"]}}""", "request_json: $.extra_body.input: give the texts to embed as $.input")]
    [InlineData("""{"model":"m","input":"x","encoding_format":"float"}""", "request_json: $.encoding_format: unknown field")]
    [InlineData("""{"model":"m","input":"x","timeout_ms":0}""", "request_json: $.timeout_ms: must be between 1 and 86400000, got 0")]
    public void A_bad_request_is_refused_before_sending(string request, string message)
    {
        var outcome = _client.Embed(request).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.StartsWith(message, outcome.ErrorMessage);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void User_extra_body_and_headers_reach_the_server()
    {
        _client.Embed(Request("m", "\"x\"", ""","user":"u-1","extra_body":{"input_type":"query","dimensions":8},"headers":{"x-litellm-tags":"rag"}""")).AssertOk();
        var sent = _server.Requests[^1];
        using var body = sent.BodyJson();
        Assert.Equal("u-1", body.RootElement.GetProperty("user").GetString());
        Assert.Equal("query", body.RootElement.GetProperty("input_type").GetString());
        Assert.Equal(8, body.RootElement.GetProperty("dimensions").GetInt32());
        Assert.Equal("rag", sent.Headers["x-litellm-tags"]);
        Assert.Equal("application/json", sent.Headers["Content-Type"]);
    }

    [Fact]
    public void The_asynchronous_form_gives_the_same_document()
    {
        var blocking = _client.Embed(Request("m", """["p","q"]""")).AssertOk();
        var started = _client.EmbedAsync(Request("m", """["p","q"]"""));
        Assert.True(started.Wait(TimeSpan.FromSeconds(20)));
        var outcome = started.Result.AssertOk();
        DocumentSchemas.AssertValid("embed-response.schema.json", outcome.Json);
        Assert.Equal(blocking.Doc.GetProperty("embeddings").GetRawText(), outcome.Doc.GetProperty("embeddings").GetRawText());
    }

    [Fact]
    public async Task A_bad_request_ends_the_asynchronous_form_through_its_completion()
    {
        var outcome = (await _client.EmbedAsync("""{"model":"m"}""")).AssertStatus(LiteLlmStatus.InvalidArgument);
        Assert.Contains("$.input: required", outcome.ErrorMessage);
    }
}
