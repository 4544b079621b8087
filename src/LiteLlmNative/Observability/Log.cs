using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using LiteLlmNative.Json;
using LiteLlmNative.Buffers;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Observability;

/// <summary>
/// The process-wide log (docs/abi.md#logging). Emitting costs one volatile read when nobody listens.
/// Replacing the sink waits for events being delivered to the old one, so once
/// <see cref="Configure"/> returns the old callback is never called again.
/// </summary>
internal static class Log
{
    public const int Debug = 0, Info = 1, Warn = 2, Error = 3;

    private sealed record State(LogSink Sink, int MinLevel);

    // Recursion allowed: a host's callback may itself call the library, which logs again.
    private static readonly ReaderWriterLockSlim Gate = new(LockRecursionPolicy.SupportsRecursion);
    private static State? _state = FromEnvironment();

    public static bool IsEnabled(int level) => Volatile.Read(ref _state) is { } s && level >= s.MinLevel;

    /// <summary>Installs a sink, or with null goes back to what LITELLM_LOG says (off when unset).</summary>
    public static void Configure(LogSink? sink, int minLevel)
    {
        Gate.EnterWriteLock();
        try
        {
            Volatile.Write(ref _state, sink is null ? FromEnvironment() : new State(sink, minLevel));
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }

    /// <param name="redactor">The secrets of the client the event is about: scrubbed from every field.</param>
    public static void Write<T>(int level, T value, JsonTypeInfo<T> type, SecretRedactor? redactor = null)
    {
        if (!IsEnabled(level)) return;
        using var buffer = new PooledBuffer(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, type);
        }
        redactor?.Scrub(buffer);
        Gate.EnterReadLock();
        try
        {
            if (Volatile.Read(ref _state) is { } s && level >= s.MinLevel)
            {
                s.Sink.Write(level, buffer.WrittenSpan);
            }
        }
        catch (Exception e) when (e is System.IO.IOException or ObjectDisposedException or LockRecursionException)
        {
            // Logging never fails a call: a closed stderr or a misbehaving sink loses the event only.
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    private static State? FromEnvironment() =>
        StderrLogSink.LevelFromEnvironment(Environment.GetEnvironmentVariable("LITELLM_LOG")) is { } level
            ? new State(new StderrLogSink(), level)
            : null;
}
