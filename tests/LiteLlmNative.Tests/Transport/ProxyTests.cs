using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using LiteLlmNative.Client;
using LiteLlmNative.Json;
using LiteLlmNative.Testing;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport.Http;
using Xunit;

namespace LiteLlmNative.Tests.Transport;

/// <summary>Forward proxies from the environment (http_proxy, https_proxy, all_proxy, no_proxy), as curl reads them.</summary>
public sealed class ProxyTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) => FakeEnvironment.Of(vars);

    private static HttpProxy? For(string target, params (string, string)[] env) =>
        HttpProxy.FromEnvironment(new Uri(target), Env(env));

    [Fact]
    public void No_variable_means_no_proxy() => Assert.Null(For("https://llm.example/v1/chat/completions"));

    [Fact]
    public void Each_scheme_reads_its_own_variable_lower_case_first_then_all_proxy()
    {
        Assert.Equal("s1", For("https://llm.example/x", ("https_proxy", "http://s1:1"), ("HTTPS_PROXY", "http://s2:2"), ("http_proxy", "http://p:3"))!.Host);
        Assert.Equal("s2", For("https://llm.example/x", ("HTTPS_PROXY", "http://s2:2"), ("http_proxy", "http://p:3"))!.Host);
        Assert.Equal("p", For("http://llm.example/x", ("https_proxy", "http://s1:1"), ("http_proxy", "http://p:3"))!.Host);
        Assert.Equal("p", For("http://llm.example/x", ("HTTP_PROXY", "http://evil:1"), ("http_proxy", "http://p:3"))!.Host);
        Assert.Equal("all", For("https://llm.example/x", ("ALL_PROXY", "http://all:9"))!.Host);
        Assert.Null(For("http://llm.example/x", ("https_proxy", "http://s1:1")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Upper_case_HTTP_PROXY_is_ignored_as_curl_ignores_it_httpoxy(bool cgi)
    {
        // In a CGI process HTTP_PROXY comes from the client's "Proxy:" header: honouring it
        // would send the bearer key in clear to the client's proxy.
        var env = cgi
            ? new[] { ("HTTP_PROXY", "http://attacker.example:8080"), ("GATEWAY_INTERFACE", "CGI/1.1") }
            : new[] { ("HTTP_PROXY", "http://attacker.example:8080") };
        Assert.Null(For("http://llm.example/v1/chat/completions", env));
        // all_proxy still applies when set on purpose; HTTPS_PROXY is not a request header.
        Assert.Equal("all", For("http://llm.example/x", env.Append(("all_proxy", "http://all:9")).ToArray())!.Host);
        Assert.Equal("s", For("https://llm.example/x", ("HTTPS_PROXY", "http://s:1"))!.Host);
    }

    [Theory]
    [InlineData("vm.", "vm")]
    [InlineData("vm", "vm.")]
    [InlineData("api.vm.", ".vm")]
    [InlineData("api.vm", "vm.")]
    public void No_proxy_matches_fully_qualified_names_with_a_trailing_dot(string host, string noProxy)
    {
        Assert.True(HttpProxy.Bypassed(host, 80, noProxy));
        Assert.Null(For($"http://{host}/x", ("http_proxy", "http://p:3"), ("no_proxy", noProxy)));
    }

    [Fact]
    public void A_proxy_without_scheme_is_http_and_credentials_become_basic_authorization()
    {
        var proxy = For("https://llm.example/x", ("https_proxy", "user%40corp:p%3Ass@proxy.corp:3128"))!;
        Assert.Equal("proxy.corp", proxy.Host);
        Assert.Equal(3128, proxy.Port);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user@corp:p:ss")), proxy.Authorization);
        Assert.Equal("http://proxy.corp:3128", proxy.Origin); // no credentials in messages
    }

    [Theory]
    [InlineData("socks5://proxy:1080", "socks5:// proxies are not supported")]
    [InlineData("https://proxy:443", "https:// proxies are not supported")]
    [InlineData("http://", "not a proxy URL")]
    public void Unsupported_or_broken_proxy_urls_are_an_error_naming_the_variable(string value, string expected)
    {
        var e = Assert.Throws<LiteLlmException>(() => For("https://llm.example/x", ("HTTPS_PROXY", value)));
        Assert.Equal(LiteLlmStatus.InvalidArgument, e.Status);
        Assert.Contains("HTTPS_PROXY", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("http://localhost:4000/v1/chat/completions")]
    [InlineData("http://127.0.0.1:4000/v1/chat/completions")]
    [InlineData("http://[::1]:4000/v1/chat/completions")]
    [InlineData("http://api.localhost:4000/v1/chat/completions")]
    public void Loopback_targets_never_go_through_a_proxy(string target) =>
        Assert.Null(For(target, ("http_proxy", "http://proxy:3128")));

    [Theory]
    [InlineData("*", "llm.example", 443, true)]
    [InlineData("llm.example", "llm.example", 443, true)]
    [InlineData("example", "llm.example", 443, true)]
    [InlineData(".example", "llm.example", 443, true)]
    [InlineData("other.example, llm.example", "llm.example", 443, true)]
    [InlineData("llm.example:443", "llm.example", 443, true)]
    [InlineData("llm.example:8443", "llm.example", 443, false)]
    [InlineData("xample", "llm.example", 443, false)]
    [InlineData("other.example", "llm.example", 443, false)]
    [InlineData("", "llm.example", 443, false)]
    public void No_proxy_matches_hosts_domains_and_ports(string noProxy, string host, int port, bool bypassed) =>
        Assert.Equal(bypassed, HttpProxy.Bypassed(host, port, noProxy));

    [Fact]
    public void Plain_http_goes_to_the_proxy_in_absolute_form_with_its_credentials()
    {
        using var proxy = new FakeOpenAiServer();
        proxy.Enqueue(FakeResponse.Completion("via proxy"));
        var settings = ClientSettingsFactory.Create(
            new ClientOptionsDocument { BaseUrl = "http://llm.invalid:4000", ApiKey = "sk-proxied", MaxRetries = 0 },
            Env(("http_proxy", $"http://alice:secret@127.0.0.1:{proxy.Port}")));
        using var client = new LiteLlmClient(settings);
        var outcome = Api.Generate(client, Requests.Hello()).AssertOk();
        Assert.Equal("via proxy", outcome.Doc.GetProperty("content").GetString());
        var request = Assert.Single(proxy.Requests);
        Assert.Equal("http://llm.invalid:4000/v1/chat/completions", request.Path);
        Assert.Equal("llm.invalid:4000", request.Headers["Host"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret")), request.Headers["Proxy-Authorization"]);
        Assert.Equal("Bearer sk-proxied", request.Headers["Authorization"]);
    }

    [Fact]
    public void An_unreachable_proxy_is_a_network_error_that_names_the_proxy_and_the_target()
    {
        int closedPort;
        using (var probe = new FakeOpenAiServer()) closedPort = probe.Port;
        var settings = ClientSettingsFactory.Create(
            new ClientOptionsDocument { BaseUrl = "http://llm.invalid:4000", MaxRetries = 0 },
            Env(("http_proxy", $"http://127.0.0.1:{closedPort}")));
        using var client = new LiteLlmClient(settings);
        var outcome = Api.Generate(client, Requests.Hello()).AssertStatus(LiteLlmStatus.Network);
        Assert.Contains($"the proxy http://127.0.0.1:{closedPort}", outcome.ErrorMessage);
        Assert.Contains("http://llm.invalid:4000", outcome.ErrorMessage);
    }
}
