namespace LiteLlmNative.Cli;

/// <summary>The generate flags that set (or, with --request, override) request fields.</summary>
internal sealed class RequestOverrides
{
    public string? Model { get; init; }
    public string? System { get; init; }
    public int? MaxTokens { get; init; }
    public double? Temperature { get; init; }
}
