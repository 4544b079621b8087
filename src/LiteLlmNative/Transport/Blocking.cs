using System.Diagnostics;
using System.Threading.Tasks;

namespace LiteLlmNative.Transport;

/// <summary>The blocking driver's end: an operation run with <c>async: false</c> has finished when it returns.</summary>
internal static class Blocking
{
    public static T Result<T>(ValueTask<T> operation)
    {
        Debug.Assert(operation.IsCompleted, "a blocking operation awaited something asynchronous");
        return operation.GetAwaiter().GetResult();
    }
}
