using System;
using System.Text;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using Xunit;

namespace LiteLlmNative.Tests.Transport;

/// <summary>
/// The library's own HTTP/1.1 client against answers framed every way RFC 9112 allows (and a
/// few ways it does not): what a proxy in front of LiteLLM may send.
/// </summary>
public sealed class Http1FramingTests : IDisposable
{
    private const string Body = """{"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"framed"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}""";

    private readonly FakeOpenAiServer _server = new();

    public void Dispose() => _server.Dispose();

    private static FakeResponse Raw(string text, bool closeAfter = false) => FakeResponse.Raw(Encoding.UTF8.GetBytes(text), closeAfter);

    private static string Chunked(string body, int size, string extension = "", string trailers = "")
    {
        var sb = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        for (int at = 0; at < bytes.Length; at += size)
        {
            int n = Math.Min(size, bytes.Length - at);
            sb.Append(n.ToString("x")).Append(extension).Append("\r\n").Append(Encoding.UTF8.GetString(bytes, at, n)).Append("\r\n");
        }
        return sb.Append("0\r\n").Append(trailers).Append("\r\n").ToString();
    }

    [Theory]
    [InlineData(1, "", "")]
    [InlineData(7, ";ext=1", "")]
    [InlineData(4096, "", "X-Trailer: yes\r\nX-Other: 2\r\n")]
    public void Chunked_answers_are_decoded_and_the_connection_is_kept(int size, string extension, string trailers)
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(Raw(Chunked(Body, size, extension, trailers)), Raw(Chunked(Body, size, extension, trailers)));
        for (int i = 0; i < 2; i++)
        {
            var doc = client.Generate(Requests.Hello()).AssertOk().Doc;
            Assert.Equal("framed", doc.GetProperty("content").GetString());
            Assert.Equal(1, doc.GetProperty("attempts").GetInt32());
        }
        Assert.Equal(1, _server.ConnectionsAccepted);
    }

    [Fact]
    public void A_101_to_a_request_that_asked_for_no_upgrade_fails_at_once_instead_of_timing_out()
    {
        using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 5_000);
        _server.Enqueue(Raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var outcome = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Network);
        Assert.True(sw.ElapsedMilliseconds < 2_000, $"{sw.ElapsedMilliseconds} ms");
        Assert.Contains("101", outcome.ErrorMessage);
    }

    [Fact]
    public void Sequential_calls_share_one_kept_alive_connection()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        for (int i = 0; i < 25; i++) client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(25, _server.RequestCount);
        Assert.Equal(1, _server.ConnectionsAccepted);
    }

    [Fact]
    public void Interim_100_and_103_answers_are_skipped()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(Raw($"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(Body)}\r\n\r\n{Body}"));
        Assert.Equal("framed", client.Generate(Requests.Hello()).AssertOk().Doc.GetProperty("content").GetString());
    }

    [Fact]
    public void Bare_LF_line_ends_and_header_names_in_any_case_are_read()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(Raw($"HTTP/1.1 200 OK\ncontent-type: application/json\nX-LITELLM-RESPONSE-COST:   0.25  \ncontent-length: {Encoding.UTF8.GetByteCount(Body)}\n\n{Body}"));
        var doc = client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(0.25, doc.GetProperty("cost_usd").GetDouble());
    }

    [Fact]
    public void Http10_answer_framed_by_close_is_read_and_the_next_call_opens_a_new_connection()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(Raw($"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{Body}", closeAfter: true));
        Assert.Equal("framed", client.Generate(Requests.Hello()).AssertOk().Doc.GetProperty("content").GetString());
        client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(2, _server.ConnectionsAccepted);
    }

    [Fact]
    public void Connection_close_is_honoured()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(Raw($"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(Body)}\r\n\r\n{Body}", closeAfter: true));
        client.Generate(Requests.Hello()).AssertOk();
        client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(2, _server.ConnectionsAccepted);
    }

    [Fact]
    public void A_kept_alive_connection_the_server_closed_while_idle_is_replaced_without_an_extra_attempt()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        // Framed by Content-Length, no "Connection: close", then the server closes anyway.
        _server.Enqueue(Raw($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(Body)}\r\n\r\n{Body}", closeAfter: true));
        client.Generate(Requests.Hello()).AssertOk();
        System.Threading.Thread.Sleep(50); // let the FIN arrive
        var doc = client.Generate(Requests.Hello()).AssertOk().Doc;
        Assert.Equal(1, doc.GetProperty("attempts").GetInt32());
        Assert.Equal(2, _server.ConnectionsAccepted);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", "chunk size")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n", "chunk")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef", "Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nabcdef", "Content-Length")]
    [InlineData("SMTP ready\r\n\r\n", "not an HTTP/1.x response")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n", "not an HTTP/1.x response")]
    [InlineData("HTTP/1.1 200 OK\r\n folded: header\r\n\r\n", "folding")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header")]
    public void Broken_framing_is_a_network_error_that_names_the_problem(string answer, string expected)
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(Raw(answer, closeAfter: true));
        var outcome = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Network);
        Assert.Contains(expected, outcome.ErrorMessage);
        Assert.True(outcome.Error.GetProperty("retryable").GetBoolean());
    }

    [Fact]
    public void A_head_larger_than_64_KiB_is_refused()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        _server.Enqueue(Raw("HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 70_000) + "\r\nContent-Length: 0\r\n\r\n", closeAfter: true));
        var outcome = client.Generate(Requests.Hello()).AssertStatus(LiteLlmStatus.Network);
        Assert.Contains("larger than 65536 bytes", outcome.ErrorMessage);
    }

    [Fact]
    public void The_request_head_carries_host_type_length_agent_and_key_and_a_call_header_replaces_the_client_one()
    {
        using var client = new TestClient(_server, apiKey: "sk-head-test", maxRetries: 0,
            headers: new[] { new System.Collections.Generic.KeyValuePair<string, string>("X-Team", "client") });
        client.Generate(Requests.Hello(extra: ""","headers":{"x-team":"call"}""")).AssertOk();
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("127.0.0.1:" + _server.Port, request.Headers["Host"]);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal(request.Body.Length.ToString(), request.Headers["Content-Length"]);
        Assert.StartsWith("liblitellm/", request.Headers["User-Agent"]);
        Assert.Equal("Bearer sk-head-test", request.Headers["Authorization"]);
        Assert.Equal("call", request.Headers["x-team"]);
    }

    [Fact]
    public void A_finished_stream_leaves_its_connection_reusable()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        const string events = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        string chunked = Chunked(events, 40).Replace("application/json", "text/event-stream");
        _server.Enqueue(Raw(chunked), Raw(chunked));
        for (int i = 0; i < 2; i++)
        {
            var (outcome, streamed) = client.Stream(Requests.Hello());
            outcome.AssertOk();
            Assert.Equal("hi", outcome.Doc.GetProperty("content").GetString());
            Assert.Equal(2, streamed.Count); // one delta, then done
        }
        Assert.Equal(1, _server.ConnectionsAccepted);
    }

    [Fact]
    public void A_connect_that_never_completes_is_a_timeout_at_timeout_ms()
    {
        // A listener that never accepts, its queue filled: the kernel drops further SYNs, so
        // the client's connect hangs until the attempt's deadline ends it.
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(0);
        int port = ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new System.Collections.Generic.List<System.Net.Sockets.Socket>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                var filler = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
                    System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { Blocking = false };
                try { filler.Connect(System.Net.IPAddress.Loopback, port); }
                catch (System.Net.Sockets.SocketException) { /* in progress */ }
                fillers.Add(filler);
            }
            System.Threading.Thread.Sleep(100);
            using var client = new TestClient(_server, maxRetries: 0, timeoutMs: 700, baseUrl: $"http://127.0.0.1:{port}");
            var (outcome, ms) = Timed.Run(() => client.Generate(Requests.Hello()));
            outcome.AssertStatus(LiteLlmStatus.Timeout);
            Assert.InRange(ms, 650, 5000);
        }
        finally
        {
            foreach (var filler in fillers) filler.Dispose();
        }
    }

    [Fact]
    public void Chunked_with_a_Content_Length_as_well_is_read_as_chunked_and_the_connection_is_not_reused()
    {
        using var client = new TestClient(_server, maxRetries: 0);
        string both = Chunked(Body, 50).Replace("Transfer-Encoding: chunked\r\n", "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n");
        _server.Enqueue(Raw(both));
        Assert.Equal("framed", client.Generate(Requests.Hello()).AssertOk().Doc.GetProperty("content").GetString());
        client.Generate(Requests.Hello()).AssertOk();
        Assert.Equal(2, _server.ConnectionsAccepted);
    }
}
