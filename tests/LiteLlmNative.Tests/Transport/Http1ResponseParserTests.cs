using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Tests.Transport;

/// <summary>
/// The sans-I/O response parser on byte arrays, no server. Every valid message is parsed whole,
/// split in two at every offset (sampled for the 64 KiB heads), in random pieces and one byte
/// at a time, by a driver that keeps the unconsumed bytes and appends the next piece: every
/// way must give the same messages, consume the same bytes, and fail with the same error.
/// </summary>
public sealed class Http1ResponseParserTests
{
    private const string ChunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    /// <summary>What one parsed message came to; Length is the bytes it consumed.</summary>
    private sealed record Message(int Status, int Minor, string Reason, string? ContentType, string Body,
        bool Reusable, long? Declared, int Length);

    // ---- Content-Length ----

    [Fact]
    public void Content_length_frames_the_body_and_keeps_the_connection()
    {
        const string data = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\nhello world";
        var m = One(data);
        Assert.Equal(new Message(200, 1, "OK", "application/json", "hello world", true, 11, data.Length), m);
    }

    [Fact]
    public void Content_length_0_ends_right_after_the_head()
    {
        const string data = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        var m = One(data);
        Assert.Equal("", m.Body);
        Assert.Equal(0, m.Declared);
        Assert.True(m.Reusable);

        var parser = new Http1ResponseParser();
        Assert.Equal(Http1Event.Head, parser.Parse(B(data), out int consumed, out _, out _));
        Assert.Equal(data.Length, consumed);
        Assert.True(parser.IsAtEnd);
        Assert.Equal(Http1Event.End, parser.Parse(B("HTTP/1.1 200"), out consumed, out _, out int length));
        Assert.Equal(0, consumed);
        Assert.Equal(0, length);
        Assert.True(parser.Reusable);
    }

    [Fact]
    public void A_body_slice_never_goes_past_the_content_length()
    {
        var parser = new Http1ResponseParser();
        byte[] input = B("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 204 No Content\r\n\r\n");
        Assert.Equal(Http1Event.Head, parser.Parse(input, out int consumed, out _, out _));
        int head = consumed;
        Assert.Equal(Http1Event.Body, parser.Parse(input.AsSpan(head), out consumed, out int offset, out int length));
        Assert.Equal((0, 5, 5), (offset, length, consumed));
        Assert.Equal("hello", Encoding.Latin1.GetString(input, head + offset, length));
        Assert.True(parser.IsAtEnd);
        Assert.Equal(Http1Event.End, parser.Parse(input.AsSpan(head + 5), out consumed, out _, out _));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Reusable_and_DeclaredLength_before_the_end()
    {
        var parser = new Http1ResponseParser();
        Assert.Null(parser.Head);
        Assert.Null(parser.DeclaredLength);
        Assert.False(parser.IsAtEnd);
        Assert.Equal(Http1Event.Head, parser.Parse(B("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab"), out int consumed, out _, out _));
        Assert.Equal(200, parser.Head!.StatusCode);
        Assert.Equal(3, parser.DeclaredLength);
        Assert.False(parser.Reusable); // not at End yet
        Assert.Equal(Http1Event.Body, parser.Parse(B("ab"), out consumed, out _, out int length));
        Assert.Equal(2, length);
        Assert.False(parser.Reusable);
        Assert.False(parser.IsAtEnd);
        Assert.Equal(Http1Event.Body, parser.Parse(B("c"), out consumed, out _, out length));
        Assert.Equal(1, length);
        Assert.True(parser.IsAtEnd);
        Assert.True(parser.Reusable);
        Assert.Equal(3, parser.DeclaredLength); // the declared length, not what is left of it
    }

    // ---- chunked ----

    [Theory]
    [InlineData("1A;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n5 ; ext\r\nhello\r\n0;last\r\nX-Trailer: a\r\nX-Other: b\r\n\r\n", "abcdefghijklmnopqrstuvwxyzhello")]
    [InlineData("a\r\n0123456789\r\nA\r\nABCDEFGHIJ\r\n0\r\n\r\n", "0123456789ABCDEFGHIJ")]
    [InlineData("1f\r\n0123456789012345678901234567890\r\n0\r\n\r\n", "0123456789012345678901234567890")]
    [InlineData("000000000000005\r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("00000000000000000000005\r\nhello\r\n0000000000000000000\r\n\r\n", "hello")] // leading zeros are valid, however many
    [InlineData("5\t;x=\"y\"\r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("5;a;b=c\r\nhello\r\n00\r\n\r\n", "hello")]
    [InlineData("0\r\n\r\n", "")]
    [InlineData("0\r\nX-Only-Trailer: 1\r\n\r\n", "")]
    public void Chunked_bodies_are_decoded(string chunks, string body)
    {
        const string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
        var m = One(head + chunks);
        Assert.Equal(new Message(200, 1, "OK", "text/event-stream", body, true, null, head.Length + chunks.Length), m);
    }

    [Fact]
    public void A_body_in_many_small_chunks_is_reassembled()
    {
        var sb = new StringBuilder(ChunkedHead);
        var body = new StringBuilder();
        for (int i = 0; i < 40; i++)
        {
            string piece = new string((char)('a' + i % 26), i % 7 + 1);
            body.Append(piece);
            sb.Append((i % 7 + 1).ToString("x")).Append("\r\n").Append(piece).Append("\r\n");
        }
        string data = sb.Append("0\r\n\r\n").ToString();
        Assert.Equal(body.ToString(), One(data).Body);
    }

    [Fact]
    public void A_chunk_split_across_reads_is_returned_in_slices_of_the_input()
    {
        var parser = new Http1ResponseParser();
        Assert.Equal(Http1Event.Head, parser.Parse(B(ChunkedHead), out int consumed, out _, out _));
        Assert.Equal(ChunkedHead.Length, consumed);

        byte[] input = B("5\r\nhel");
        Assert.Equal(Http1Event.Body, parser.Parse(input, out consumed, out int offset, out int length));
        Assert.Equal((3, 3, 6), (offset, length, consumed));
        Assert.Equal(Http1Event.NeedData, parser.Parse(default, out consumed, out _, out _));
        Assert.Equal(0, consumed);

        input = B("lo\r\n1");
        Assert.Equal(Http1Event.Body, parser.Parse(input, out consumed, out offset, out length));
        Assert.Equal((0, 2, 2), (offset, length, consumed));
        // The chunk's CRLF is used up; the incomplete size line is left to the driver.
        Assert.Equal(Http1Event.NeedData, parser.Parse(input.AsSpan(2), out consumed, out _, out _));
        Assert.Equal(2, consumed);
        Assert.Equal(Http1Event.NeedData, parser.Parse(B("1"), out consumed, out _, out _));
        Assert.Equal(0, consumed);

        input = B("1\r\n!\r\n0\r\nX-T: 1\r\n\r\nNEXT");
        Assert.Equal(Http1Event.Body, parser.Parse(input, out consumed, out offset, out length));
        Assert.Equal((3, 1, 4), (offset, length, consumed));
        Assert.Equal(Http1Event.End, parser.Parse(input.AsSpan(4), out consumed, out _, out _));
        Assert.Equal("\r\n0\r\nX-T: 1\r\n\r\n".Length, consumed);
        Assert.True(parser.Reusable);
    }

    // ---- close-delimited ----

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", 1)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nConnection: keep-alive\r\n\r\nuntil the end", 0)]
    public void Without_content_length_or_chunked_the_body_runs_to_the_close(string data, int minor)
    {
        var m = One(data, close: true);
        Assert.Equal(new Message(200, minor, "OK", "text/plain", "until the end", false, null, data.Length), m);
    }

    [Fact]
    public void A_close_delimited_body_does_not_end_without_the_close()
    {
        var driver = Run(B("HTTP/1.1 200 OK\r\n\r\nmore"), Array.Empty<int>(), close: false, tunnel: false, messages: 1);
        Assert.Empty(driver.Messages);
        Assert.False(driver.Parser.IsAtEnd);
        Assert.Equal(Http1Event.End, driver.Parser.EndOfInput());
        Assert.False(driver.Parser.Reusable);
    }

    // ---- no body ----

    [Theory]
    [InlineData(204, "Content-Length: 5")]
    [InlineData(304, "Content-Length: 5")]
    [InlineData(204, "Content-Length: nonsense")] // not even read
    [InlineData(304, "Transfer-Encoding: chunked")]
    public void Responses_204_and_304_have_no_body(int status, string header)
    {
        string head = $"HTTP/1.1 {status} Nothing\r\n{header}\r\n\r\n";
        var messages = ParseAllWays(B(head + "abcde"), trailing: 5);
        Assert.Equal(new Message(status, 1, "Nothing", null, "", true, 0, head.Length), Assert.Single(messages));
    }

    [Fact]
    public void A_204_with_connection_close_is_not_reusable()
    {
        const string data = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
        Assert.False(One(data).Reusable);
    }

    // ---- interim answers ----

    [Theory]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n")]
    [InlineData("HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n")]
    [InlineData("HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 199 Whatever\n\n")]
    public void Interim_1xx_heads_are_skipped(string interim)
    {
        string data = interim + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        Assert.Equal(new Message(200, 1, "OK", null, "ok", true, 2, data.Length), One(data));
    }

    [Fact]
    public void An_interim_head_is_consumed_while_the_final_one_is_incomplete()
    {
        const string interim = "HTTP/1.1 100 Continue\r\n\r\n";
        var parser = new Http1ResponseParser();
        Assert.Equal(Http1Event.NeedData, parser.Parse(B(interim + "HTTP/1.1 200 OK\r\nContent-Le"), out int consumed, out _, out _));
        Assert.Equal(interim.Length, consumed);
        Assert.Null(parser.Head);
        Assert.True(parser.ReceivedAny);
    }

    [Fact]
    public void A_101_is_a_final_head_not_skipped()
    {
        const string head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
        const string after = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        // Framed like any other final head: no Content-Length, so up to the close.
        var m = One(head + after, close: true);
        Assert.Equal(new Message(101, 1, "Switching Protocols", null, after, false, null, head.Length + after.Length), m);
    }

    // ---- keep-alive ----

    [Theory]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", true)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", true)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", false)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: upgrade, CLOSE\r\nContent-Length: 2\r\n\r\nok", false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false)]
    public void Reusable_follows_the_http_version_and_connection_header(string data, bool reusable)
    {
        var m = One(data);
        Assert.Equal("ok", m.Body);
        Assert.Equal(reusable, m.Reusable);
    }

    // ---- Transfer-Encoding ----

    [Theory]
    [InlineData("Content-Length: 100")]
    [InlineData("Content-Length: nonsense")] // not read: the chunks frame the body
    public void Chunked_with_a_content_length_is_read_as_chunked_but_not_reusable(string contentLength)
    {
        string data = $"HTTP/1.1 200 OK\r\n{contentLength}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        var m = One(data);
        Assert.Equal(new Message(200, 1, "OK", null, "hello", false, null, data.Length), m);
    }

    [Theory]
    [InlineData("Transfer-Encoding: gzip\r\nContent-Length: 5", false)]
    [InlineData("Transfer-Encoding: chunked, gzip", false)]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip", false)]
    [InlineData("Transfer-Encoding: gzip, chunked", true)]
    [InlineData("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked", true)]
    [InlineData("Transfer-Encoding: CHUNKED", true)]
    [InlineData("Transfer-Encoding:  chunked\t", true)]
    public void The_last_transfer_coding_decides_the_framing(string headers, bool chunked)
    {
        const string chunks = "5\r\nhello\r\n0\r\n\r\n";
        string data = $"HTTP/1.1 200 OK\r\n{headers}\r\n\r\n{chunks}";
        var m = One(data, close: true);
        Assert.Equal(chunked ? "hello" : chunks, m.Body);
        Assert.Equal(chunked, m.Reusable);
        Assert.Null(m.Declared);
    }

    // ---- CONNECT ----

    [Theory]
    [InlineData("HTTP/1.1 200 Connection established\r\n\r\n")]
    [InlineData("HTTP/1.0 200 Connection established\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 Tunnel\r\n\r\n")]
    public void A_2xx_answer_to_connect_ends_at_its_head_and_leaves_the_tunnel_bytes(string head)
    {
        byte[] data = B(head + "\u0016\u0003\u0001");
        var m = Assert.Single(ParseAllWays(data, tunnel: true, trailing: 3));
        Assert.Equal("", m.Body);
        Assert.Equal(head.Length, m.Length);
        Assert.True(m.Reusable); // the connection goes on, as the tunnel
        Assert.Equal(0, m.Declared);
    }

    [Fact]
    public void A_refused_connect_has_its_body_framed_as_usual()
    {
        const string data = "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 4\r\n\r\ndeny";
        Assert.Equal(new Message(407, 1, "Proxy Authentication Required", null, "deny", true, 4, data.Length), One(data, tunnel: true));
    }

    [Fact]
    public void Without_expect_tunnel_a_bodiless_200_runs_to_the_close()
    {
        const string head = "HTTP/1.1 200 Connection established\r\n\r\n";
        var m = One(head + "\u0016\u0003\u0001", close: true);
        Assert.Equal("\u0016\u0003\u0001", m.Body);
        Assert.False(m.Reusable);

        var parser = new Http1ResponseParser();
        parser.Reset(expectTunnel: true);
        Assert.Equal(Http1Event.Head, parser.Parse(B(head), out _, out _, out _));
        Assert.True(parser.IsAtEnd);
        parser.Reset(); // expectTunnel is per response
        Assert.Equal(Http1Event.Head, parser.Parse(B(head), out _, out _, out _));
        Assert.False(parser.IsAtEnd);
    }

    // ---- line ends ----

    [Theory]
    [InlineData("HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 3\n\nabc", "abc")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: text/plain\nContent-Length: 3\n\r\nabc", "abc")]
    [InlineData("HTTP/1.1 200 OK\nContent-Type: text/plain\nTransfer-Encoding: chunked\n\n3\nabc\n2;x\nde\n0\nX-T: 1\n\n", "abcde")]
    [InlineData("HTTP/1.1 200 OK\nContent-Type: text/plain\nTransfer-Encoding: chunked\n\n3\r\nabc\n0\n\r\n", "abc")]
    public void Bare_LF_line_ends_are_accepted(string data, string body)
    {
        var m = One(data);
        Assert.Equal(body, m.Body);
        Assert.Equal("text/plain", m.ContentType);
        Assert.True(m.Reusable);
    }

    // ---- head size ----

    [Fact]
    public void The_head_cap_is_the_connections()
    {
        Assert.Equal(HttpConnection.MaxHeadBytes, Http1ResponseParser.MaxHeadBytes);
        Assert.Equal(65536, Http1ResponseParser.MaxHeadBytes);
    }

    [Fact]
    public void A_head_of_exactly_64_KiB_is_accepted()
    {
        string head = HeadOfLength(Http1ResponseParser.MaxHeadBytes);
        var m = One(head + "ok");
        Assert.Equal("ok", m.Body);
        Assert.Equal(Http1ResponseParser.MaxHeadBytes + 2, m.Length);
    }

    [Fact]
    public void The_cap_is_per_head_interim_ones_included_separately()
    {
        const string interim = "HTTP/1.1 100 Continue\r\n\r\n";
        string head = HeadOfLength(Http1ResponseParser.MaxHeadBytes);
        Assert.Equal("ok", One(interim + head + "ok").Body);
    }

    [Fact]
    public void A_head_one_byte_over_64_KiB_is_refused_however_it_arrives()
    {
        string head = HeadOfLength(Http1ResponseParser.MaxHeadBytes + 1);
        AssertFails(B(head + "ok"), "the response head is larger than 65536 bytes", typeof(HttpProtocolException), close: true);
    }

    [Fact]
    public void A_70_KB_head_is_refused_before_its_end_arrives()
    {
        string data = "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 70_000) + "\r\nContent-Length: 0\r\n\r\n";
        AssertFails(B(data), "the response head is larger than 65536 bytes", typeof(HttpProtocolException), close: true);
        // The first 64 KiB are enough to know.
        var parser = new Http1ResponseParser();
        var e = Assert.Throws<HttpProtocolException>(() => parser.Parse(B(data).AsSpan(0, 65536), out _, out _, out _));
        Assert.Equal("the response head is larger than 65536 bytes", e.Message);
        parser.Reset();
        Assert.Equal(Http1Event.NeedData, parser.Parse(B(data).AsSpan(0, 65535), out int consumed, out _, out _));
        Assert.Equal(0, consumed);
    }

    // ---- broken chunked framing ----

    [Theory]
    [InlineData("zz")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(";ext")]
    [InlineData("0x5")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("5 5")]
    [InlineData("\t 5")] // spaces are trimmed, then tabs: as today
    [InlineData("5\r")]
    [InlineData("1000000000000000")] // 16 hex digits
    public void An_invalid_chunk_size_is_refused(string line)
    {
        AssertFails(B(ChunkedHead + line + "\r\nhello\r\n0\r\n\r\n"), "the response has an invalid chunk size", typeof(HttpProtocolException), close: true);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: b\rc\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\r\r\r")]
    public void A_bare_CR_in_the_head_is_refused_at_once_not_waited_on(string text)
    {
        // The whole text (or any prefix holding the CR and its next byte) is enough to fail:
        // no end of input is needed, so a server that never sends a LF cannot hold the call.
        AssertFails(B(text), "the response head has a CR that is not followed by LF", typeof(HttpProtocolException), close: false);
    }

    [Theory]
    [InlineData("000")]
    [InlineData("099")]
    [InlineData("600")]
    [InlineData("999")]
    public void A_status_outside_100_to_599_is_refused(string status)
    {
        AssertFails(B($"HTTP/1.1 {status} Odd\r\nContent-Length: 0\r\n\r\n"), $"the server answered with status {int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)}, which is outside 100-599", typeof(HttpProtocolException), close: false);
    }

    [Theory]
    [InlineData("3\r\nabcdef\r\n0\r\n\r\n")]
    [InlineData("3\r\nabc\rX\r\n0\r\n\r\n")]
    [InlineData("3\r\nabc\r\r\n0\r\n\r\n")]
    [InlineData("3\r\nabc 0\r\n\r\n")]
    public void A_chunk_longer_than_declared_is_refused(string chunks)
    {
        AssertFails(B(ChunkedHead + chunks), "a chunk is longer than its declared size", typeof(HttpProtocolException), close: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_chunk_size_line_may_be_4096_bytes_before_its_LF(bool crlf)
    {
        // "5;" + padding (+ CR): 4096 bytes before the LF.
        string line = "5;" + new string('x', 4096 - 2 - (crlf ? 1 : 0)) + (crlf ? "\r\n" : "\n");
        Assert.Equal(4097, line.Length);
        Assert.Equal("hello", One(ChunkedHead + line + "hello\r\n0\r\n\r\n").Body);
        AssertFails(B(ChunkedHead + "5;x" + line[2..] + "hello\r\n0\r\n\r\n"), "the response has an over-long chunk line", typeof(HttpProtocolException), close: true);
    }

    [Fact]
    public void A_trailer_line_may_be_4096_bytes_before_its_LF()
    {
        string trailer = "X-T: " + new string('t', 4096 - 5 - 1) + "\r\n";
        Assert.Equal("hello", One(ChunkedHead + "5\r\nhello\r\n0\r\n" + trailer + "\r\n").Body);
        AssertFails(B(ChunkedHead + "5\r\nhello\r\n0\r\nX" + trailer + "\r\n"), "the response has an over-long chunk line", typeof(HttpProtocolException), close: true);
    }

    [Fact]
    public void An_endless_chunk_line_is_refused_without_waiting_for_its_end()
    {
        var parser = new Http1ResponseParser();
        Assert.Equal(Http1Event.Head, parser.Parse(B(ChunkedHead), out _, out _, out _));
        Assert.Equal(Http1Event.NeedData, parser.Parse(new byte[4096], out int consumed, out _, out _));
        Assert.Equal(0, consumed);
        var e = Assert.Throws<HttpProtocolException>(() => parser.Parse(new byte[4097], out _, out _, out _));
        Assert.Equal("the response has an over-long chunk line", e.Message);
    }

    [Fact]
    public void Up_to_101_trailer_fields_are_skipped_and_the_102nd_is_refused()
    {
        string Trailers(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"X-T{i}: {i}\r\n"));
        var m = One(ChunkedHead + "2\r\nok\r\n0\r\n" + Trailers(101) + "\r\n");
        Assert.Equal("ok", m.Body);
        AssertFails(B(ChunkedHead + "2\r\nok\r\n0\r\n" + Trailers(102) + "\r\n"), "the response has too many trailer fields", typeof(HttpProtocolException), close: true);
    }

    // ---- broken heads ----

    [Theory]
    [InlineData("SMTP ready\r\n\r\n", "the server's answer is not an HTTP/1.x response")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n", "the server's answer is not an HTTP/1.x response")]
    [InlineData("\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "the server's answer is not an HTTP/1.x response")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef", "the response has conflicting Content-Length headers")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nabcdef", "the response has an invalid Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\n folded: header\r\n\r\n", "the response uses obsolete header line folding")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "the response has a malformed header line")]
    [InlineData("HTTP/1.1 100 Continue\r\nbad header\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "the response has a malformed header line")]
    public void A_broken_head_is_refused_with_the_head_parsers_message(string data, string message)
    {
        AssertFails(B(data), message, typeof(HttpProtocolException), close: true);
    }

    [Fact]
    public void A_failed_parser_refuses_more_input_until_reset()
    {
        var parser = new Http1ResponseParser();
        Assert.Throws<HttpProtocolException>(() => parser.Parse(B("SMTP ready\r\n\r\n"), out _, out _, out _));
        Assert.Throws<InvalidOperationException>(() => parser.Parse(B("HTTP/1.1 200 OK\r\n\r\n"), out _, out _, out _));
        Assert.Throws<InvalidOperationException>(() => parser.EndOfInput());
        parser.Reset();
        Assert.Equal(Http1Event.Head, parser.Parse(B("HTTP/1.1 204 No Content\r\n\r\n"), out _, out _, out _));
        Assert.Equal(204, parser.Head!.StatusCode);
    }

    // ---- the end of the connection ----

    [Theory]
    [InlineData("", "the server closed the connection without answering")]
    [InlineData("H", "the server closed the connection in the middle of the response head")]
    [InlineData("HTTP/1.1 200 OK\r\n", "the server closed the connection in the middle of the response head")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r", "the server closed the connection in the middle of the response head")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", "the server closed the connection in the middle of the response head")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", "the server closed the connection 10 bytes short of the Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "the server closed the connection 7 bytes short of the Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcdefghi", "the server closed the connection 1 bytes short of the Content-Length")]
    [InlineData(ChunkedHead, "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\n", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\nhel", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\nhello", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\nhello\r", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\nhello\r\n", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\nhello\r\n0\r\n", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\nhello\r\n0\r\nX-T: 1", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\nhello\r\n0\r\nX-T: 1\r\n", "the server closed the connection in the middle of a chunked body")]
    [InlineData(ChunkedHead + "5\r\nhello\r\n0\r\n\r", "the server closed the connection in the middle of a chunked body")]
    public void A_close_before_the_end_names_where_it_happened(string data, string message)
    {
        // A plain IOException, not a protocol error: a kept-alive connection closed while idle is retried on that basis.
        AssertFails(B(data), message, typeof(IOException), close: true);
    }

    [Fact]
    public void A_close_after_the_end_is_not_an_error()
    {
        var parser = new Http1ResponseParser();
        Assert.Equal(Http1Event.Head, parser.Parse(B("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), out _, out _, out _));
        Assert.Equal(Http1Event.End, parser.EndOfInput());
        Assert.True(parser.Reusable);
        parser.Reset();
        Assert.Equal(Http1Event.Head, parser.Parse(B("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"), out int consumed, out _, out _));
        Assert.Equal(Http1Event.Body, parser.Parse(B("ok"), out _, out _, out _));
        Assert.Equal(Http1Event.End, parser.EndOfInput());
        Assert.Equal(Http1Event.End, parser.Parse(default, out consumed, out _, out _));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void ReceivedAny_says_whether_a_byte_of_this_response_arrived()
    {
        var parser = new Http1ResponseParser();
        Assert.False(parser.ReceivedAny);
        Assert.Equal(Http1Event.NeedData, parser.Parse(default, out _, out _, out _));
        Assert.False(parser.ReceivedAny);
        Assert.Equal(Http1Event.NeedData, parser.Parse(B("H"), out int consumed, out _, out _));
        Assert.Equal(0, consumed);
        Assert.True(parser.ReceivedAny);
        Assert.Equal(Http1Event.Head, parser.Parse(B("HTTP/1.1 204 No Content\r\n\r\n"), out _, out _, out _));
        Assert.True(parser.ReceivedAny);
        parser.Reset();
        Assert.False(parser.ReceivedAny);
        var e = Assert.Throws<IOException>(() => parser.EndOfInput());
        Assert.Equal("the server closed the connection without answering", e.Message);
    }

    // ---- pipelining ----

    [Fact]
    public void Pipelined_responses_end_each_at_its_own_last_byte()
    {
        const string first = ChunkedHead + "5;x\r\nhello\r\n0\r\nX-T: 1\r\n\r\n";
        const string second = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nworld";
        const string third = "HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n";
        const string fourth = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n!\r\n0\r\n\r\n";
        const string partial = "HTTP/1.1 200 OK\r\nContent-Le";
        var messages = ParseAllWays(B(first + second + third + fourth + partial), messages: 4, trailing: partial.Length);
        Assert.Equal(new[]
        {
            new Message(200, 1, "OK", null, "hello", true, null, first.Length),
            new Message(200, 1, "OK", null, "world", true, 5, second.Length),
            new Message(304, 1, "Not Modified", null, "", true, 0, third.Length),
            new Message(200, 1, "OK", null, "!", true, null, fourth.Length),
        }, messages);
    }

    [Fact]
    public void End_stops_at_the_first_message_in_one_buffer()
    {
        byte[] input = B("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        var parser = new Http1ResponseParser();
        int at = 0;
        Assert.Equal(Http1Event.Head, parser.Parse(input, out int consumed, out _, out _));
        at += consumed;
        Assert.Equal(Http1Event.Body, parser.Parse(input.AsSpan(at), out consumed, out _, out _));
        at += consumed;
        Assert.Equal(Http1Event.End, parser.Parse(input.AsSpan(at), out consumed, out _, out _));
        at += consumed;
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", Encoding.Latin1.GetString(input, at, input.Length - at));
        parser.Reset();
        Assert.Equal(Http1Event.Head, parser.Parse(input.AsSpan(at), out consumed, out _, out _));
        Assert.Equal(input.Length - at, consumed);
    }

    // ---- cost ----

    [Fact]
    public void Body_parsing_allocates_nothing()
    {
        var sb = new StringBuilder(ChunkedHead);
        for (int i = 0; i < 500; i++) sb.Append("80;ext=1\r\n").Append('c', 128).Append("\r\n");
        byte[] chunked = B(sb.Append("0\r\nX-T: 1\r\n\r\n").ToString());
        byte[] length = B("HTTP/1.1 200 OK\r\nContent-Length: 65536\r\n\r\n" + new string('l', 65536));
        foreach (byte[] message in new[] { chunked, length })
        {
            foreach (int slice in new[] { 1, 7, 1000, 16384 })
            {
                BodyAllocations(message, slice, out _); // warm up
                long allocated = BodyAllocations(message, slice, out long bodyBytes);
                Assert.Equal(message == chunked ? 500 * 128 : 65536, bodyBytes);
                Assert.Equal(0, allocated);
            }
        }
    }

    /// <summary>Parses the body of <paramref name="message"/>, offered <paramref name="slice"/> more bytes at a time; bytes allocated meanwhile.</summary>
    private static long BodyAllocations(byte[] message, int slice, out long bodyBytes)
    {
        var parser = new Http1ResponseParser();
        Assert.Equal(Http1Event.Head, parser.Parse(message, out int consumed, out _, out _));
        int start = consumed, end = consumed;
        bodyBytes = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (true)
        {
            var e = parser.Parse(message.AsSpan(start, end - start), out consumed, out _, out int length);
            start += consumed;
            if (e == Http1Event.End) break;
            if (e == Http1Event.Body) bodyBytes += length;
            else if (e == Http1Event.NeedData)
            {
                if (end == message.Length) return -1; // the parser wants bytes the message does not have
                end = Math.Min(message.Length, end + slice);
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return start == message.Length ? allocated : -1;
    }

    // ---- the driver ----

    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    /// <summary>A head (status line through blank line) of exactly <paramref name="length"/> bytes with Content-Length: 2.</summary>
    private static string HeadOfLength(int length)
    {
        const string start = "HTTP/1.1 200 OK\r\nX-Pad: ";
        const string end = "\r\nContent-Length: 2\r\n\r\n";
        string head = start + new string('p', length - start.Length - end.Length) + end;
        Assert.Equal(length, head.Length);
        return head;
    }

    /// <summary>The one message <paramref name="data"/> holds, parsed every way, which consumed all of it.</summary>
    private static Message One(string data, bool close = false, bool tunnel = false)
    {
        var m = Assert.Single(ParseAllWays(B(data), close: close, tunnel: tunnel));
        Assert.Equal(data.Length, m.Length);
        return m;
    }

    /// <summary>
    /// Parses <paramref name="data"/> every way (see <see cref="Ways"/>); all must agree, and
    /// <paramref name="trailing"/> bytes must be left unconsumed. Returns the messages.
    /// </summary>
    private static List<Message> ParseAllWays(byte[] data, int messages = 1, bool close = false, bool tunnel = false, int trailing = 0)
    {
        List<Message>? reference = null;
        foreach (var (name, cuts) in Ways(data.Length))
        {
            Driver driver;
            try
            {
                driver = Run(data, cuts, close, tunnel, messages);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"{name}: {e.GetType().Name}: {e.Message}");
            }
            if (driver.Messages.Count != messages) Assert.Fail($"{name}: {driver.Messages.Count} of {messages} messages ended");
            if (driver.Held != trailing) Assert.Fail($"{name}: {driver.Held} bytes left unconsumed, not {trailing}");
            if (reference is null) reference = driver.Messages;
            else if (!reference.SequenceEqual(driver.Messages))
            {
                Assert.Fail($"{name}: {string.Join(", ", driver.Messages)} differs from {string.Join(", ", reference)}");
            }
        }
        return reference!;
    }

    /// <summary>
    /// Feeds <paramref name="data"/> every way; each must fail with exactly
    /// <paramref name="message"/> and <paramref name="type"/>, and leave the parser refusing more.
    /// </summary>
    private static void AssertFails(byte[] data, string message, Type type, bool close)
    {
        foreach (var (name, cuts) in Ways(data.Length))
        {
            var driver = new Driver(tunnel: false, maxMessages: 1);
            Exception? e = Record.Exception(() =>
            {
                Feed(driver, data, cuts);
                if (close) driver.Close();
            });
            if (e is null) Assert.Fail($"{name}: no error");
            if (e.GetType() != type || e.Message != message) Assert.Fail($"{name}: {e.GetType().Name}: {e.Message}");
            Assert.Throws<InvalidOperationException>(() => driver.Parser.Parse(default, out _, out _, out _));
        }
    }

    /// <summary>
    /// Whole; in two pieces at every offset (sampled beyond 8 KiB: both ends, around the head
    /// cap, and every 257th); in seeded random pieces; one byte at a time.
    /// </summary>
    private static IEnumerable<(string Name, int[] Cuts)> Ways(int length)
    {
        yield return ("whole", Array.Empty<int>());
        for (int k = 0; k <= length; k++)
        {
            bool sampled = length <= 8192 || k < 64 || k > length - 64 || k % 257 == 0
                || Math.Abs(k - Http1ResponseParser.MaxHeadBytes) <= 4;
            if (sampled) yield return ($"split at {k}", new[] { k });
        }
        var random = new Random(length);
        for (int i = 0; i < 20 && length > 2; i++)
        {
            var cuts = Enumerable.Range(0, random.Next(2, 9)).Select(_ => random.Next(1, length)).Distinct().Order().ToArray();
            yield return ($"random pieces at {string.Join(",", cuts)}", cuts);
        }
        yield return ("byte by byte", Enumerable.Range(1, Math.Max(0, length - 1)).ToArray());
    }

    private static Driver Run(byte[] data, int[] cuts, bool close, bool tunnel, int messages)
    {
        var driver = new Driver(tunnel, messages);
        Feed(driver, data, cuts);
        if (close) driver.Close();
        return driver;
    }

    private static void Feed(Driver driver, byte[] data, int[] cuts)
    {
        int at = 0;
        foreach (int cut in cuts.Append(data.Length))
        {
            driver.Feed(data.AsSpan(at, cut - at));
            at = cut;
        }
    }

    /// <summary>
    /// What a driver does: keeps the bytes the parser has not consumed, appends each piece read,
    /// and calls Parse until it needs data; checks the event contract at every call.
    /// </summary>
    private sealed class Driver
    {
        private readonly bool _tunnel;
        private readonly int _maxMessages;
        private byte[] _held = new byte[64];
        private int _start, _end;
        private readonly MemoryStream _body = new();
        private int _consumed; // by the current message
        private bool _sawHead;

        public Driver(bool tunnel, int maxMessages)
        {
            _tunnel = tunnel;
            _maxMessages = maxMessages;
            Parser.Reset(tunnel);
        }

        public Http1ResponseParser Parser { get; } = new();
        public List<Message> Messages { get; } = new();
        public int Held => _end - _start;
        private bool Done => Messages.Count == _maxMessages;

        public void Feed(ReadOnlySpan<byte> piece)
        {
            if (_end + piece.Length > _held.Length)
            {
                var bigger = new byte[Math.Max(_held.Length * 2, Held + piece.Length)];
                _held.AsSpan(_start, Held).CopyTo(bigger);
                _held = bigger;
                _end -= _start;
                _start = 0;
            }
            piece.CopyTo(_held.AsSpan(_end));
            _end += piece.Length;
            Pump();
        }

        public void Close()
        {
            if (Done) return;
            Assert.Equal(Http1Event.End, Parser.EndOfInput());
            Finish();
        }

        private void Pump()
        {
            for (int calls = 0; !Done; calls++)
            {
                Assert.True(calls < 1_000_000, "the parser makes no progress");
                var input = _held.AsSpan(_start, Held);
                var e = Parser.Parse(input, out int consumed, out int offset, out int length);
                Assert.InRange(consumed, 0, input.Length);
                if (e != Http1Event.Body) Assert.Equal(0, length);
                switch (e)
                {
                    case Http1Event.NeedData:
                        Assert.False(Parser.IsAtEnd);
                        break;
                    case Http1Event.Head:
                        Assert.False(_sawHead, "a second head");
                        Assert.NotNull(Parser.Head);
                        Assert.True(Parser.Head!.StatusCode is 101 or >= 200, "an interim head returned");
                        Assert.True(consumed > 0);
                        _sawHead = true;
                        break;
                    case Http1Event.Body:
                        Assert.True(_sawHead, "body before the head");
                        Assert.True(length > 0, "an empty body slice");
                        Assert.Equal(consumed, offset + length);
                        _body.Write(input.Slice(offset, length));
                        break;
                    case Http1Event.End:
                        Assert.True(_sawHead, "end before the head");
                        Assert.True(Parser.IsAtEnd);
                        break;
                }
                _start += consumed;
                _consumed += consumed;
                if (e == Http1Event.End)
                {
                    Finish();
                }
                else if (e == Http1Event.NeedData)
                {
                    // The same bytes again: still incomplete, nothing more consumed.
                    Assert.Equal(Http1Event.NeedData, Parser.Parse(_held.AsSpan(_start, Held), out consumed, out _, out _));
                    Assert.Equal(0, consumed);
                    return;
                }
            }
        }

        private void Finish()
        {
            // End is sticky until Reset.
            Assert.Equal(Http1Event.End, Parser.Parse(_held.AsSpan(_start, Held), out int consumed, out _, out _));
            Assert.Equal(0, consumed);
            var head = Parser.Head!;
            Messages.Add(new Message(head.StatusCode, head.MinorVersion, head.ReasonPhrase, head.Get("Content-Type"),
                Encoding.Latin1.GetString(_body.GetBuffer(), 0, (int)_body.Length), Parser.Reusable, Parser.DeclaredLength, _consumed));
            _body.SetLength(0);
            _consumed = 0;
            _sawHead = false;
            if (!Done) Parser.Reset(_tunnel);
        }
    }
}
