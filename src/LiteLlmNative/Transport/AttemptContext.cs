namespace LiteLlmNative.Transport;

/// <summary>What a response handler knows about, and may tell, the attempt it is reading.</summary>
internal sealed class AttemptContext
{
    public AttemptContext(int number) => Number = number;

    /// <summary>1 for the first attempt.</summary>
    public int Number { get; }

    /// <summary>
    /// Set once something has been handed to the host (a stream event): from then on a failure
    /// is final, because a retry would deliver the same tokens twice.
    /// </summary>
    public bool Committed { get; set; }

    /// <summary>Filled by the response handler for the attempt's log event.</summary>
    public string? ResponseModel { get; set; }
    public long? InputTokens { get; set; }
    public long? OutputTokens { get; set; }
    public string? ResponseId { get; set; }
    public string? FinishReason { get; set; }
    public long? CachedTokens { get; set; }

    /// <summary>What a stream has delivered so far, for the error document of a failure after commit.</summary>
    public System.Func<string>? PartialContent { get; set; }
}
