using System;

namespace LiteLlmNative.Observability;

/// <summary>Where log events go: the host's callback, or stderr under LITELLM_LOG.</summary>
internal abstract class LogSink
{
    /// <summary>Receives one event, a UTF-8 JSON object, at level 0 debug … 3 error.</summary>
    public abstract void Write(int level, ReadOnlySpan<byte> eventJson);
}

/// <summary><c>LITELLM_LOG=debug|info|warn|error</c> without a callback: one JSON line per event on stderr.</summary>
internal sealed class StderrLogSink : LogSink
{
    private readonly object _gate = new();
    // File descriptor 2 as a plain unbuffered stream: System.Console would add its terminal
    // handling (and ~40 KB) to a library that only appends lines.
    private readonly System.IO.FileStream? _stderr = OpenStderr();

    private static System.IO.FileStream? OpenStderr()
    {
        try
        {
            return new(new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)2, ownsHandle: false), System.IO.FileAccess.Write, bufferSize: 0);
        }
        catch (Exception e) when (e is System.IO.IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null; // a host with stderr closed: there is nowhere to log to
        }
    }

    public override void Write(int level, ReadOnlySpan<byte> eventJson)
    {
        if (_stderr is null) return;
        // One write per line, so lines from several threads or processes never interleave.
        byte[] line = System.Buffers.ArrayPool<byte>.Shared.Rent(eventJson.Length + 1);
        try
        {
            eventJson.CopyTo(line);
            line[eventJson.Length] = (byte)'\n';
            lock (_gate)
            {
                _stderr.Write(line, 0, eventJson.Length + 1);
            }
        }
        catch (System.IO.IOException)
        {
            // stderr closed or full (EPIPE): a log line must never fail the call it describes
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(line);
        }
    }

    /// <summary>The level LITELLM_LOG asks for, or null when it is unset or not understood.</summary>
    public static int? LevelFromEnvironment(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "debug" or "0" => 0,
        "info" or "1" => 1,
        "warn" or "warning" or "2" => 2,
        "error" or "3" => 3,
        _ => null,
    };
}
