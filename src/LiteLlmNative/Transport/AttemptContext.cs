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
}
