using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>The peer vanishes after taking the request: the client sees ECONNRESET with no response.</summary>
internal sealed record ResetBeforeHeadersResponse : FakeResponse
{
    internal override Task<ConnectionFate> WriteAsync(ResponseContext context) => Task.FromResult(context.Reset());
}
