using System;
using System.Diagnostics;
using LiteLlmNative.Json;
using LiteLlmNative.Observability;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Transport;

/// <summary>The transport's log events: one per finished attempt, one per retry.</summary>
internal static class TransportLog
{
    public static void Attempt(in CallSettings call, AttemptContext attempt, long started, LiteLlmError? failure, int? httpStatus, SecretRedactor redactor)
    {
        // Info whatever the outcome: a host filtering at info sees every attempt; the failure
        // itself is also reported at warn (retry) or error (the call's end).
        if (!Log.IsEnabled(Log.Info)) return;
        Log.Write(Log.Info, new AttemptLogEvent
        {
            Operation = call.Operation,
            RequestModel = call.Model,
            RequestMaxTokens = call.MaxTokens,
            ResponseModel = attempt.ResponseModel,
            ResponseId = attempt.ResponseId,
            FinishReasons = attempt.FinishReason is { } finish ? [finish] : null,
            InputTokens = attempt.InputTokens,
            OutputTokens = attempt.OutputTokens,
            CacheReadInputTokens = attempt.CachedTokens,
            DurationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3),
            Attempt = attempt.Number,
            Status = failure is null ? "ok" : failure.Status.ToKind(),
            HttpStatus = httpStatus ?? failure?.HttpStatus,
            RequestId = call.RequestId,
        }, LiteLlmJsonContext.Default.AttemptLogEvent, redactor);
    }

    public static void Retry(in CallSettings call, int attempt, TimeSpan delay, bool serverAsked, string reason, SecretRedactor redactor)
    {
        if (!Log.IsEnabled(Log.Warn)) return;
        Log.Write(Log.Warn, new RetryLogEvent
        {
            RequestModel = call.Model,
            Attempt = attempt,
            DelayMs = Math.Round(delay.TotalMilliseconds, 1),
            DelaySource = serverAsked ? "server" : "backoff",
            Reason = reason,
            RequestId = call.RequestId,
        }, LiteLlmJsonContext.Default.RetryLogEvent, redactor);
    }
}
