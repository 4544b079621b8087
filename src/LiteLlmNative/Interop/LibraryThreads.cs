using System;
using System.Threading;

namespace LiteLlmNative.Interop;

/// <summary>
/// The library's threads in a host's process: a small fixed set, whatever the load. The thread
/// pool that runs asynchronous completions would otherwise add workers under bursts (its
/// starvation heuristics), each one a thread in the host's process; callbacks are short by
/// contract, so more would not help. Set for the library's own runtime (NativeAOT gives each
/// library its own), not in managed tests, whose in-process servers share the pool.
/// </summary>
internal static class LibraryThreads
{
    private static int _bounded;

    public static void EnsureBounded()
    {
        if (Interlocked.Exchange(ref _bounded, 1) != 0) return;
        ThreadPool.GetMaxThreads(out _, out int io);
        ThreadPool.SetMaxThreads(Environment.ProcessorCount + 4, io);
    }
}
