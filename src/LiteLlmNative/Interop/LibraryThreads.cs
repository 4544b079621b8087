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
    private const string EngineThreads = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";
    private static int _bounded;

    public static void EnsureBounded()
    {
        if (Interlocked.Exchange(ref _bounded, 1) != 0) return;
        // Socket completions run on the socket engine's own threads instead of being handed to
        // the pool: a stream's next event costs no thread hop and no wake-up (about a third less
        // system time with 10,000 streams). Both settings are read by the runtime when its
        // socket engine starts, which no blocking call does; a host's own values win. The
        // runtime's environment is its own copy on Unix: the host's is not changed.
        SetUnlessSet(InlineCompletions, "1");
        // One engine thread per four cores (inline, the runtime's default is one per core):
        // one thread carrying every socket spends less time switching than two trading the
        // work (10,000 streams on 2 cores: about a quarter less system time), and one core's
        // worth of event handling carries tens of thousands of streams.
        SetUnlessSet(EngineThreads, Math.Max(1, Environment.ProcessorCount / 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The pool runs timers, cancels and the calls' starts. It would otherwise add workers
        // under bursts (its starvation heuristics), each a thread in the host's process;
        // callbacks are short by contract, so more would not help.
        ThreadPool.GetMaxThreads(out _, out int io);
        ThreadPool.SetMaxThreads(Environment.ProcessorCount + 4, io);
    }

    private static void SetUnlessSet(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null) Environment.SetEnvironmentVariable(name, value);
    }
}
