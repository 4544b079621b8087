using System;
using System.Threading.Tasks;

namespace LiteLlmNative.Testing;

/// <summary>A slow server: nothing is written until the delay has passed (or the server is disposed).</summary>
internal sealed record DelayedResponse(FakeResponse Inner, TimeSpan Delay) : FakeResponse
{
    internal override async Task<ConnectionFate> WriteAsync(ResponseContext context)
    {
        await context.DelayAsync(Delay).ConfigureAwait(false);
        return await Inner.WriteAsync(context).ConfigureAwait(false);
    }
}
