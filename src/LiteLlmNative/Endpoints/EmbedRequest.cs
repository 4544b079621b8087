using System.Text.Json;
using LiteLlmNative.Transport;

namespace LiteLlmNative.Endpoints;

/// <summary>A validated embeddings request, ready to be written to the wire.</summary>
internal sealed class EmbedRequest
{
    /// <summary>The model as sent: routing prefixes already stripped.</summary>
    public required string Model { get; init; }
    /// <summary>A string or an array of strings, sent as given.</summary>
    public required JsonElement Input { get; init; }
    /// <summary>How many vectors the answer must hold: one per input, in input order.</summary>
    public required int InputCount { get; init; }
    public int? Dimensions { get; init; }
    /// <summary>The length every vector must have: the dimensions asked for, unless extra_body asks instead.</summary>
    public int? ExpectedDimensions { get; init; }
    public string? User { get; init; }
    public JsonElement ExtraBody { get; init; }
    public CallSettings Call { get; init; }
}
