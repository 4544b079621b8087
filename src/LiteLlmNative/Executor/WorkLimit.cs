using System.Diagnostics;
using System.Threading;

namespace LiteLlmNative.Executor;

/// <summary>
/// The bound on a call's own work after its answer has arrived (parsing it, validating it, its
/// patterns): the call's deadline and its cancel. Checked often enough that a cancel or the
/// deadline ends even a costly validation within milliseconds; cheap enough (a counter, then a
/// clock read every few thousand steps) to check in the pattern engine's inner loop.
/// </summary>
internal sealed class WorkLimit
{
    private const int StepsBetweenChecks = 4096;

    private readonly long _deadline; // Stopwatch ticks; long.MaxValue: none
    private readonly long _timeoutMs;
    private readonly CancellationToken _cancel;
    private int _steps;

    public WorkLimit(long deadline, long timeoutMs, CancellationToken cancel)
    {
        _deadline = deadline;
        _timeoutMs = timeoutMs;
        _cancel = cancel;
    }

    /// <summary>No bound (direct validation, tests).</summary>
    public static WorkLimit None { get; } = new(long.MaxValue, 0, CancellationToken.None);

    /// <summary>Counts a unit of work; every few thousand, throws if the call was cancelled or its time is up.</summary>
    public void Step()
    {
        if (++_steps < StepsBetweenChecks) return;
        _steps = 0;
        Check();
    }

    public void Check()
    {
        if (_cancel.IsCancellationRequested)
        {
            throw LiteLlmException.Create(LiteLlmStatus.Cancelled, "the call was cancelled");
        }
        if (_deadline != long.MaxValue && Stopwatch.GetTimestamp() >= _deadline)
        {
            throw LiteLlmException.Create(LiteLlmStatus.Timeout, $"checking the result took past the call's timeout_ms ({_timeoutMs} ms)");
        }
    }
}
