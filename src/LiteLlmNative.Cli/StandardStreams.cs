using System;
using System.IO;
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
}
