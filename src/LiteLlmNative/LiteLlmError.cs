using System.Collections.Generic;

namespace LiteLlmNative;

/// <summary>The fields of an error document (docs/documents.md#error-document), before serialisation.</summary>
public sealed class LiteLlmError
{
    public LiteLlmError(LiteLlmStatus status, string message)
    {
        Status = status;
        Message = message;
    }

    public LiteLlmStatus Status { get; }
    public string Message { get; set; }
    public int? HttpStatus { get; set; }
    public string? Body { get; set; }
    public bool Retryable { get; set; }
    public int Attempts { get; set; }
    public long? RetryAfterMs { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorCode { get; set; }
    public string? ServerRequestId { get; set; }
    public string? Model { get; set; }
    public string? RequestId { get; set; }
    /// <summary>What arrived of a stream before it failed (streaming only).</summary>
    public string? PartialContent { get; set; }
    public List<Escalation>? Escalations { get; set; }
    /// <summary>A run's requests so far (a run's error only).</summary>
    public List<RunAttempt>? RunAttempts { get; set; }
    /// <summary>A run's error: whether a stop rule or max_cost_usd ended it (not running out of models); null for any other call.</summary>
    public bool? LadderStopped { get; set; }

    /// <summary>
    /// This error with another message: every other field carried over as it is (a field
    /// added to this class is never dropped by a copy made field by field).
    /// </summary>
    public LiteLlmError WithMessage(string message)
    {
        var copy = (LiteLlmError)MemberwiseClone();
        copy.Message = message;
        return copy;
    }
}
