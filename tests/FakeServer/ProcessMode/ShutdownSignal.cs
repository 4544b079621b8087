using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace LiteLlmNative.Testing;

/// <summary>
/// Set when the process should stop: SIGTERM, SIGINT, or EOF on stdin. The stdin rule lets a
/// test script tie the server's life to a pipe, so it cannot outlive the script even if the
/// script dies before it can send a signal.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly ManualResetEventSlim _stop = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    public ShutdownSignal(bool watchStdin)
    {
        // Cancel = true: no abrupt runtime exit; Main returns 0 after disposing the server.
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        if (watchStdin && !StdinIsDevNull())
        {
            var watcher = new Thread(WatchStdin) { IsBackground = true, Name = "stdin watcher" };
            watcher.Start();
        }
    }

    public void Wait() => _stop.Wait();

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Set();
    }

    private void WatchStdin()
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (stdin.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (IOException)
        {
            // An unreadable stdin counts as closed.
        }

        _stop.Set();
    }

    /// <summary>
    /// A background job in a non-interactive shell (<c>server &amp;</c>) gets /dev/null as stdin,
    /// which is at EOF at once; treating that as "stop" would end the server before it served
    /// anything, so /dev/null means "no stdin to watch" and only a signal stops it.
    /// </summary>
    private static bool StdinIsDevNull()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return new FileInfo("/proc/self/fd/0").LinkTarget == "/dev/null";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
