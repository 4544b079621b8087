namespace LiteLlmNative.Testing;

/// <summary>A request plus what its framing says about the connection afterwards.</summary>
/// <param name="ClientWantsClose">
/// <c>Connection: close</c> on HTTP/1.1, or HTTP/1.0 without <c>Connection: keep-alive</c>.
/// </param>
internal sealed record ParsedRequest(RecordedRequest Request, bool ClientWantsClose);
