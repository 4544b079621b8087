using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>Bytes the test wrote itself; the server adds nothing.</summary>
internal sealed record RawResponse(byte[] Bytes, bool CloseAfter) : FakeResponse
{
    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        await context.WriteAsync(Bytes).ConfigureAwait(false);
        return CloseAfter ? ConnectionFate.Close : context.KeepAliveUnless(responseSaysClose: false);
    }
}
