using System;
using System.Globalization;
using System.Net;
using System.Text;

namespace LiteLlmNative.Transport.Http;

/// <summary>
/// An HTTP forward proxy from the environment, as curl reads it: <c>https_proxy</c> /
/// <c>HTTPS_PROXY</c> for https targets, <c>http_proxy</c> (lower case only) for http ones, else
/// <c>all_proxy</c> / <c>ALL_PROXY</c>; <c>no_proxy</c> / <c>NO_PROXY</c> lists hosts to reach
/// directly. Upper-case <c>HTTP_PROXY</c> is ignored, as curl ignores it: in a CGI process it is
/// set from a client's <c>Proxy:</c> request header ("httpoxy"), and would send the key in clear
/// to whoever made the request. Plain http targets are sent to the proxy in absolute form; https targets go
/// through a CONNECT tunnel, so TLS is still end to end.
/// </summary>
internal sealed class HttpProxy
{
    private HttpProxy(string host, int port, string? authorization, string origin)
    {
        Host = host;
        Port = port;
        Authorization = authorization;
        Origin = origin;
    }

    /// <summary>The proxy's name or address (no brackets).</summary>
    public string Host { get; }
    public int Port { get; }
    /// <summary>The Proxy-Authorization value (Basic) when the proxy URL carries credentials.</summary>
    public string? Authorization { get; }
    /// <summary>http://host:port, without credentials: safe for messages.</summary>
    public string Origin { get; }

    /// <summary>The proxy for <paramref name="target"/>, or null to connect directly.</summary>
    public static HttpProxy? FromEnvironment(Uri target, Func<string, string?> env)
    {
        bool https = target.Scheme == Uri.UriSchemeHttps;
        (string name, string? value) = https
            ? First(env, "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
            : First(env, "http_proxy", "all_proxy", "ALL_PROXY");
        if (value is null) return null;
        string host = target.IdnHost.Trim('[', ']').TrimEnd('.'); // "vm." is the host "vm"
        if (IsLoopback(host) || Bypassed(host, target.Port, First(env, "no_proxy", "NO_PROXY").Value)) return null;
        return Parse(value, name);
    }

    public static HttpProxy Parse(string value, string source)
    {
        string text = value.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IdnHost.Length == 0)
        {
            throw LiteLlmException.InvalidArgument($"environment variable {source}: not a proxy URL");
        }
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw LiteLlmException.InvalidArgument(
                $"environment variable {source}: {uri.Scheme}:// proxies are not supported (http:// proxies are, also for https targets)");
        }
        string? authorization = null;
        if (uri.UserInfo.Length > 0)
        {
            string credentials = Uri.UnescapeDataString(uri.UserInfo);
            authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
        }
        string origin = "http://" + uri.IdnHost + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        return new HttpProxy(uri.IdnHost.Trim('[', ']'), uri.Port, authorization, origin);
    }

    /// <summary>no_proxy: "*", or names matched as the host or a domain suffix ("example.com", ".example.com"), optionally with a port.</summary>
    public static bool Bypassed(string host, int port, string? noProxy)
    {
        if (string.IsNullOrWhiteSpace(noProxy)) return false;
        host = host.TrimEnd('.'); // a fully qualified name ("vm.") is the same host
        foreach (string raw in noProxy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*") return true;
            string entry = raw;
            int colon = entry.LastIndexOf(':');
            if (colon > 0 && entry.IndexOf(':') == colon && int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int entryPort))
            {
                if (entryPort != port) continue;
                entry = entry[..colon];
            }
            entry = entry.Trim('[', ']').TrimStart('.').TrimEnd('.');
            if (entry.Length == 0) continue;
            if (host.Equals(entry, StringComparison.OrdinalIgnoreCase)) return true;
            if (host.EndsWith("." + entry, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>A proxy cannot reach the host's own loopback: such targets are always direct.</summary>
    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static (string Name, string? Value) First(Func<string, string?> env, params string[] names)
    {
        foreach (string name in names)
        {
            string? value = env(name);
            if (!string.IsNullOrWhiteSpace(value)) return (name, value);
        }
        return ("", null);
    }
}
