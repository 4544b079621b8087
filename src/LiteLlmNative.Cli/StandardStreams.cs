using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LiteLlmNative.Cli;

/// <summary>
/// Byte streams over stdin, stdout and stderr. On Unix, System.Console's streams initialise the
/// terminal on first use when a descriptor is a terminal, leaving it in keypad-transmit mode
/// ("ESC [?1h ESC =", dotnet/corefx#32805), which a plain command-line tool has no business
/// doing; so a descriptor that is a terminal gets a FileStream of its own. A redirected one
/// keeps Console's stream: a FileStream would write a regular file at its own offset (pwrite)
/// and not move the offset the shell shares between commands (`{ litellm ...; echo; } > f`).
/// </summary>
internal static class StandardStreams
{
    public static Stream Input() =>
        (Console.IsInputRedirected ? null : OpenTerminal(0, FileAccess.Read)) ?? Console.OpenStandardInput();

    public static Stream Output() =>
        (Console.IsOutputRedirected ? null : OpenTerminal(1, FileAccess.Write)) ?? Console.OpenStandardOutput();

    public static Stream Error() =>
        (Console.IsErrorRedirected ? null : OpenTerminal(2, FileAccess.Write)) ?? Console.OpenStandardError();

    private static FileStream? OpenTerminal(int fd, FileAccess access)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            return new FileStream(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when stdout is a pipe or socket whose reader has gone (<c>litellm ... | head -3</c>).
    /// Console's stream swallows EPIPE, so a write cannot tell; poll() can: the descriptor
    /// reports POLLERR (Linux) or POLLHUP (BSD, macOS). False wherever it cannot be known.
    /// </summary>
    public static bool OutputReaderGone()
    {
        if (OperatingSystem.IsWindows() || !Console.IsOutputRedirected) return false;
        try
        {
            var fd = new PollFd { Fd = 1, Events = PollOut };
            return Poll(ref fd, 1, 0) == 1 && (fd.REvents & (PollErr | PollHup)) != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private const short PollOut = 0x4;
    private const short PollErr = 0x8;
    private const short PollHup = 0x10;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [DllImport("libc", EntryPoint = "poll")]
    private static extern int Poll(ref PollFd fds, nuint count, int timeoutMs);
}
