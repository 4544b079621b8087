using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace LiteLlmNative.Interop;

/// <summary>
/// What <c>litellm_interrupt_fd</c> hands out: the write end of a pipe that a library thread
/// watches; a byte written to it cancels every call in flight. A signal handler may not enter
/// the library (a handler that interrupts a thread inside the runtime can wait forever for
/// that thread), but write(2) is async-signal-safe: so the handler only writes, and the
/// cancelling happens here, on a thread of our own. Created on first use, kept for the life
/// of the process. POSIX only (pipe2, poll, read, found in the process's C library).
/// </summary>
internal static unsafe class InterruptPipe
{
    private static readonly object Gate = new();
    private static int _writeEnd = -1;

    private const int O_NONBLOCK_LINUX = 0x800, O_CLOEXEC_LINUX = 0x80000;
    private const short POLLIN = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>The write end, or -1 where this cannot be had (not Linux, no pipe).</summary>
    public static int WriteEnd()
    {
        lock (Gate)
        {
            if (_writeEnd >= 0) return _writeEnd;
            if (!OperatingSystem.IsLinux()) return -1; // the flag values and pipe2 are Linux's
            nint libc = NativeLibrary.GetMainProgramHandle();
            if (!NativeLibrary.TryGetExport(libc, "pipe2", out nint pipe2)
                || !NativeLibrary.TryGetExport(libc, "poll", out nint poll)
                || !NativeLibrary.TryGetExport(libc, "read", out nint read))
            {
                return -1;
            }
            int* fds = stackalloc int[2];
            // Both ends non-blocking: a handler's write never waits (a full pipe already
            // holds an interrupt), and the watcher waits in poll, not in read.
            if (((delegate* unmanaged<int*, int, int>)pipe2)(fds, O_NONBLOCK_LINUX | O_CLOEXEC_LINUX) != 0) return -1;
            int readEnd = fds[0];
            var watcher = new Thread(() => Watch(readEnd, (delegate* unmanaged<PollFd*, nuint, int, int>)poll, (delegate* unmanaged<int, byte*, nuint, nint>)read))
            {
                IsBackground = true,
                Name = "litellm interrupt",
            };
            watcher.Start();
            _writeEnd = fds[1];
            return _writeEnd;
        }
    }

    private static void Watch(int fd, delegate* unmanaged<PollFd*, nuint, int, int> poll, delegate* unmanaged<int, byte*, nuint, nint> read)
    {
        byte* buffer = stackalloc byte[64];
        var pfd = new PollFd { Fd = fd, Events = POLLIN };
        while (true)
        {
            if (poll(&pfd, 1, -1) < 0)
            {
                Thread.Sleep(1); // EINTR, or a failure to try again: the fd is ours and stays open
                continue;
            }
            bool interrupted = false;
            while (read(fd, buffer, 64) > 0) interrupted = true; // drain: many signals, one interrupt
            if (!interrupted) continue;
            try
            {
                ClientHandles.CancelEverything();
            }
            catch
            {
                // nothing may end this thread: the next interrupt must still be served
            }
        }
    }
}
