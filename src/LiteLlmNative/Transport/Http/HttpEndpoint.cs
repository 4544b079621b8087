using System;

namespace LiteLlmNative.Transport.Http;

/// <summary>Where requests go: the parts of the chat-completions URI that HTTP/1.1 needs.</summary>
internal sealed class HttpEndpoint
{
    public HttpEndpoint(Uri uri)
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
