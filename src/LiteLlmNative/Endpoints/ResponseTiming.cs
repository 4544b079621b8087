using System;
using System.Diagnostics;

namespace LiteLlmNative.Endpoints;

internal static class ResponseTiming
{
    /// <summary>Milliseconds since <paramref name="started"/> (Stopwatch ticks), to the microsecond.</summary>
    public static double ElapsedMs(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
}
