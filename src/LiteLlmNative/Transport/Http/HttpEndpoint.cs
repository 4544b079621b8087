using System;

namespace LiteLlmNative.Transport.Http;

/// <summary>Where requests go: the parts of the chat-completions URI that HTTP/1.1 needs.</summary>
internal sealed class HttpEndpoint
{
    public HttpEndpoint(Uri uri, HttpProxy? proxy = null)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"unsupported scheme \"{uri.Scheme}\"", nameof(uri));
        }
        IsHttps = uri.Scheme == Uri.UriSchemeHttps;
        // IdnHost is the DNS-safe form (punycode); an IPv6 literal loses its brackets for DNS.
        Host = uri.IdnHost.Trim('[', ']');
        Port = uri.Port;
        HostHeader = uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        PathAndQuery = uri.PathAndQuery;
        Origin = uri.Scheme + "://" + HostHeader;
        Proxy = proxy;
        // Through a proxy, plain http names the whole URI in the request line; https tunnels.
        RequestTarget = proxy is not null && !IsHttps ? "http://" + HostHeader + PathAndQuery : PathAndQuery;
    }

    /// <summary>The forward proxy in the way, or null.</summary>
    public HttpProxy? Proxy { get; }
    /// <summary>Where the TCP connection goes: the proxy when there is one.</summary>
    public string ConnectHost => Proxy?.Host ?? Host;
    public int ConnectPort => Proxy?.Port ?? Port;
    /// <summary>True for https through a proxy: a CONNECT tunnel, then TLS to the target inside it.</summary>
    public bool Tunnels => IsHttps && Proxy is not null;
    /// <summary>The request line's target: origin form, or absolute form for plain http through a proxy.</summary>
    public string RequestTarget { get; }

    /// <summary>The CONNECT request that opens a tunnel to the target through the proxy.</summary>
    public byte[] ConnectRequest()
    {
        string authority = Host.Contains(':') ? "[" + Host + "]" : Host;
        authority += ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string text = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n"
            + (Proxy?.Authorization is { } auth ? "Proxy-Authorization: " + auth + "\r\n" : "")
            + "\r\n";
        return System.Text.Encoding.ASCII.GetBytes(text);
    }

    public bool IsHttps { get; }
    /// <summary>The name or address to connect to (no brackets).</summary>
    public string Host { get; }
    public int Port { get; }
    /// <summary>The Host header: the name, and the port when it is not the scheme's default.</summary>
    public string HostHeader { get; }
    public string PathAndQuery { get; }
    /// <summary>scheme://host[:port], for messages.</summary>
    public string Origin { get; }
}
