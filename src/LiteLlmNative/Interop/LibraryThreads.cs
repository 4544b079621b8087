using System;
using System.Threading;

namespace LiteLlmNative.Interop;

/// <summary>
/// The library's threads in a host's process: a small fixed set, whatever the load. Set up
/// before the first asynchronous call, for the library's own runtime (NativeAOT gives each
/// library its own), not in managed tests, whose in-process servers share the pool.
/// </summary>
internal static class LibraryThreads
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private static int _bounded;

    public static void EnsureBounded()
    {
        if (Interlocked.Exchange(ref _bounded, 1) != 0) return;
        // Socket completions run on the socket engine's own threads (one per core) instead of
        // being handed to the pool: a stream's next event costs no thread hop and no wake-up
        // (about a third less system time with 10,000 streams). Read by the runtime when its
        // socket engine starts, which no blocking call does. Unless the host set it itself:
        // the runtime's environment is its own copy on Unix, so this changes nothing the host
        // sees.
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
        // The pool runs timers, cancels and the calls' starts. It would otherwise add workers
        // under bursts (its starvation heuristics), each a thread in the host's process;
        // callbacks are short by contract, so more would not help.
        ThreadPool.GetMaxThreads(out _, out int io);
        ThreadPool.SetMaxThreads(Environment.ProcessorCount + 4, io);
    }
}
