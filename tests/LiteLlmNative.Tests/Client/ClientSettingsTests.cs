using System;
using System.Collections.Generic;
using LiteLlmNative.Client;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;

using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Client;

public sealed class ClientSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) => FakeEnvironment.Of(vars);

    [Theory]
    [InlineData("http://proxy:4000", "http://proxy:4000/v1/chat/completions")]
    [InlineData("http://proxy:4000/", "http://proxy:4000/v1/chat/completions")]
    [InlineData("http://proxy:4000/v1", "http://proxy:4000/v1/chat/completions")]
    [InlineData("http://proxy:4000/v1/", "http://proxy:4000/v1/chat/completions")]
    [InlineData("https://gw.example/litellm", "https://gw.example/litellm/v1/chat/completions")]
    [InlineData("https://gw.example/litellm/V1", "https://gw.example/litellm/V1/chat/completions")]
    public void Chat_completions_path_is_joined_once(string baseUrl, string expected) =>
        Assert.Equal(expected, TransportSettings.JoinChatCompletions(new Uri(baseUrl)).ToString());

    [Theory]
    [InlineData("sk-\u0001abc")]
    [InlineData("sk-\u007fabc")]
    [InlineData("sk-\u000babc")]
    [InlineData("sk-\tabc")]
    public void Control_characters_in_the_api_key_are_refused_without_echoing_it(string key)
    {
        var e = Assert.Throws<LiteLlmException>(() => ClientSettingsFactory.Create(new ClientOptionsDocument { ApiKey = key }, Env()));
        Assert.Equal(LiteLlmStatus.InvalidArgument, e.Status);
        Assert.Contains("$.api_key", e.Message);
        Assert.DoesNotContain("abc", e.Message);
    }

    [Theory]
    [InlineData("a\u0001b", false)]
    [InlineData("a\u007fb", false)]
    [InlineData("a\u000bb", false)]
    [InlineData("a\tb", true)]
    public void Control_characters_in_header_values_are_refused_but_tab(string value, bool accepted)
    {
        var options = new ClientOptionsDocument { Headers = new Dictionary<string, string> { ["x-test"] = value } };
        if (accepted)
        {
            Assert.Single(ClientSettingsFactory.Create(options, Env()).Headers);
            return;
        }
        var e = Assert.Throws<LiteLlmException>(() => ClientSettingsFactory.Create(options, Env()));
        Assert.Contains("$.headers[\"x-test\"]", e.Message);
        Assert.Contains("control characters", e.Message);
    }

    [Theory]
    [InlineData("http://user:s3cret-pw@proxy:4000")]
    [InlineData("https://:s3cret-pw@proxy")]
    [InlineData("http://user:s3cret-pw@[not a host")]
    public void Credentials_in_base_url_are_refused_without_repeating_them(string baseUrl)
    {
        var e = Assert.Throws<LiteLlmException>(() => ClientSettingsFactory.Create(new ClientOptionsDocument { BaseUrl = baseUrl }, Env()));
        Assert.Equal(LiteLlmStatus.InvalidArgument, e.Status);
        Assert.Contains("$.base_url", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
    }

    [Fact]
    public void Defaults_without_options_or_environment()
    {
        var s = ClientSettingsFactory.Create(null, Env());
        Assert.Equal("http://localhost:4000/v1/chat/completions", s.ChatCompletionsUri.ToString());
        Assert.Equal("", s.ApiKey);
        Assert.Equal(600_000, s.TimeoutMs);
        Assert.Equal(2, s.MaxRetries);
    }

    [Fact]
    public void LiteLlm_proxy_variables_win_over_the_generic_ones()
    {
        var s = ClientSettingsFactory.Create(null, Env(
            ("LITELLM_PROXY_API_BASE", "http://a:1"), ("LITELLM_BASE_URL", "http://b:2"),
            ("LITELLM_PROXY_API_KEY", "k1"), ("LITELLM_API_KEY", "k2")));
        Assert.Equal("a", s.ChatCompletionsUri.Host);
        Assert.Equal("k1", s.ApiKey);
    }

    [Fact]
    public void Generic_variables_are_the_fallback()
    {
        var s = ClientSettingsFactory.Create(null, Env(("LITELLM_BASE_URL", "http://b:2"), ("LITELLM_API_KEY", "k2")));
        Assert.Equal("b", s.ChatCompletionsUri.Host);
        Assert.Equal("k2", s.ApiKey);
    }

    [Fact]
    public void Options_win_over_environment_and_empty_key_means_none()
    {
        var s = ClientSettingsFactory.Create(
            new ClientOptionsDocument { BaseUrl = "http://c:3", ApiKey = "" },
            Env(("LITELLM_BASE_URL", "http://b:2"), ("LITELLM_API_KEY", "k2")));
        Assert.Equal("c", s.ChatCompletionsUri.Host);
        Assert.Equal("", s.ApiKey);
    }

    [Fact]
    public void Bad_environment_url_names_the_variable()
    {
        var e = Assert.Throws<LiteLlmException>(() => ClientSettingsFactory.Create(null, Env(("LITELLM_BASE_URL", "localhost:4000"))));
        Assert.Contains("LITELLM_BASE_URL", e.Message);
    }
}

public sealed class ClientLimitOptionTests
{
    [Fact]
    public void Max_response_bytes_defaults_to_64_MiB_and_is_range_checked()
    {
        Assert.Equal(64L * 1024 * 1024, LiteLlmNative.Client.ClientSettingsFactory.Create(null, _ => null).MaxResponseBytes);
        var e = Assert.Throws<LiteLlmException>(() =>
            LiteLlmNative.Client.ClientSettingsFactory.Create(new LiteLlmNative.Json.ClientOptionsDocument { MaxResponseBytes = 10 }, _ => null));
        Assert.Contains("$.max_response_bytes", e.Message);
    }

    [Fact]
    public void Unreadable_ca_file_is_invalid_argument_naming_the_field()
    {
        var e = Assert.Throws<LiteLlmException>(() =>
            LiteLlmNative.Client.ClientSettingsFactory.Create(new LiteLlmNative.Json.ClientOptionsDocument { CaFile = "/nonexistent/ca.pem" }, _ => null));
        Assert.Equal(LiteLlmStatus.InvalidArgument, e.Status);
        Assert.Contains("$.ca_file", e.Message);
    }
}
