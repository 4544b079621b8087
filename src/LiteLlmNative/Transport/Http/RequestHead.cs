using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// Writes the HTTP/1.1 request head of a POST (chat completions, embeddings) or of a GET without
/// a body (models, health). The client's part (request line, Host, User-Agent, Authorization,
/// client headers) is encoded once; a call adds only its own headers and the Content-Length.
/// </summary>
internal sealed class RequestHead
{
    private readonly byte[] _clientPart;
    private readonly HttpEndpoint _endpoint;
    private readonly List<KeyValuePair<string, string>> _clientHeaders;
    private readonly string _method;
    private readonly bool _clientSetsCallId;

    /// <summary>The header that ties a call to the proxy's own logs (LiteLLM uses the one it is given).</summary>
    public const string CallIdHeader = "x-litellm-call-id";

    /// <param name="method">POST, or GET: no body, so neither Content-Type nor Content-Length.</param>
    public RequestHead(HttpEndpoint endpoint, string userAgent, string apiKey, IReadOnlyList<KeyValuePair<string, string>> headers, string method = "POST")
    {
        _endpoint = endpoint;
        _method = method;
        // Later entries replace earlier ones of the same name: the client's own headers may
        // replace the defaults, a call's headers replace both.
        _clientHeaders = new List<KeyValuePair<string, string>> { new("User-Agent", userAgent) };
        if (HasBody) _clientHeaders.Add(new("Content-Type", "application/json"));
        if (apiKey.Length > 0) _clientHeaders.Add(new("Authorization", "Bearer " + apiKey));
        if (!endpoint.IsHttps && endpoint.Proxy?.Authorization is { } proxyAuth) _clientHeaders.Add(new("Proxy-Authorization", proxyAuth));
        foreach (var header in headers) Replace(_clientHeaders, header);
        _clientSetsCallId = _clientHeaders.Exists(h => string.Equals(h.Key, CallIdHeader, StringComparison.OrdinalIgnoreCase));
        var text = new StringBuilder();
        AppendStart(text);
        foreach (var (name, value) in _clientHeaders) AppendHeader(text, name, value);
        _clientPart = Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>
    /// Writes the head for a body of <paramref name="contentLength"/> bytes (none for a GET), with
    /// <paramref name="callId"/> as the call's x-litellm-call-id unless the host set that header.
    /// </summary>
    public void Write(PooledBuffer into, long contentLength, IReadOnlyDictionary<string, string>? callHeaders, string callId)
    {
        bool hostSetsCallId = _clientSetsCallId;
        if (callHeaders is null || callHeaders.Count == 0)
        {
            Append(into, _clientPart);
        }
        else
        {
            var merged = new List<KeyValuePair<string, string>>(_clientHeaders);
            foreach (var header in callHeaders)
            {
                Replace(merged, header);
                hostSetsCallId |= string.Equals(header.Key, CallIdHeader, StringComparison.OrdinalIgnoreCase);
            }
            var text = new StringBuilder();
            AppendStart(text);
            foreach (var (name, value) in merged) AppendHeader(text, name, value);
            Append(into, Encoding.ASCII.GetBytes(text.ToString()));
        }
        if (!hostSetsCallId)
        {
            Append(into, "x-litellm-call-id: "u8);
            Span<byte> id = into.GetSpan(callId.Length);
            int n = System.Text.Encoding.ASCII.GetBytes(callId, id);
            into.Advance(n);
            Append(into, "\r\n"u8);
        }
        if (!HasBody)
        {
            Append(into, "\r\n"u8);
            return;
        }
        Append(into, "Content-Length: "u8);
        Span<byte> digits = into.GetSpan(20);
        contentLength.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        into.Advance(written);
        Append(into, "\r\n\r\n"u8);
    }

    private bool HasBody => _method != "GET";

    private void AppendStart(StringBuilder text)
    {
        text.Append(_method).Append(' ').Append(_endpoint.RequestTarget).Append(" HTTP/1.1\r\n");
        AppendHeader(text, "Host", _endpoint.HostHeader);
    }

    private static void AppendHeader(StringBuilder text, string name, string value) =>
        text.Append(name).Append(": ").Append(value).Append("\r\n");

    private static void Replace(List<KeyValuePair<string, string>> headers, KeyValuePair<string, string> header)
    {
        headers.RemoveAll(h => string.Equals(h.Key, header.Key, StringComparison.OrdinalIgnoreCase));
        headers.Add(header);
    }

    private static void Append(PooledBuffer into, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into.GetSpan(bytes.Length));
        into.Advance(bytes.Length);
    }
}
