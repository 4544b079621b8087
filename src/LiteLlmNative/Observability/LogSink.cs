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
    private readonly System.IO.Stream _stderr = Console.OpenStandardError();

    public override void Write(int level, ReadOnlySpan<byte> eventJson)
    {
        lock (_gate)
        {
            _stderr.Write(eventJson);
            _stderr.WriteByte((byte)'\n');
            _stderr.Flush();
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
