using System;
using System.Collections.Generic;
using LiteLlmNative.Client;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;

using LiteLlmNative.Tests.Support;

namespace LiteLlmNative.Tests.Transport;

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
