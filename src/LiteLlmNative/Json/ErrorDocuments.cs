using System.Collections.Generic;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Json;

/// <summary>
/// Builds error documents (docs/documents.md#error-document). This is the one place error text leaves the library, so
/// it is also where the API key is redacted from every message and body.
/// </summary>
internal static class ErrorDocuments
{
    public static ErrorDocument From(LiteLlmError error, SecretRedactor redactor) => new()
    {
        Error = Body(error, redactor, topLevel: true),
    };

    public static List<EscalationDocument> Escalations(List<Escalation>? escalations, SecretRedactor redactor)
    {
        var result = new List<EscalationDocument>(escalations?.Count ?? 0);
        if (escalations is null) return result;
        foreach (var e in escalations)
        {
            result.Add(new EscalationDocument { Model = e.Model, Error = Body(e.Error, redactor, topLevel: false) });
        }
        return result;
    }

    public static List<AttemptDocument> Attempts(List<RunAttempt>? attempts)
    {
        var result = new List<AttemptDocument>(attempts?.Count ?? 0);
        if (attempts is null) return result;
        foreach (var a in attempts)
        {
            result.Add(new AttemptDocument
            {
                Model = a.Model,
                Kind = a.Kind,
                Repair = a.Repair,
                JsonMode = a.JsonMode,
                InputTokens = a.InputTokens,
                OutputTokens = a.OutputTokens,
                CostUsd = a.CostUsd,
                LatencyMs = a.LatencyMs,
            });
        }
        return result;
    }

    private static ErrorBody Body(LiteLlmError e, SecretRedactor redactor, bool topLevel) => new()
    {
        Kind = e.Status.ToKind(),
        Message = redactor.Redact(e.Message) ?? "",
        Status = e.HttpStatus,
        // Redacted first, then cut, and the cut never ends in the start of a secret.
        Body = redactor.TrimSecretTail(ErrorLimits.CutText(redactor.Redact(e.Body))),
        Retryable = e.Retryable,
        Attempts = e.Attempts,
        RetryAfterMs = e.RetryAfterMs,
        ErrorType = redactor.Redact(e.ErrorType),
        ErrorCode = redactor.Redact(e.ErrorCode),
        ServerRequestId = redactor.Redact(e.ServerRequestId),
        Model = e.Model,
        RequestId = e.RequestId,
        PartialContent = redactor.TrimSecretTail(ErrorLimits.CutChars(redactor.Redact(e.PartialContent), ErrorLimits.PartialContentChars)),
        Escalations = topLevel ? Escalations(e.Escalations, redactor) : null,
        RunAttempts = topLevel && e.RunAttempts is not null ? Attempts(e.RunAttempts) : null,
        LadderStopped = topLevel ? e.LadderStopped : null,
    };
}
