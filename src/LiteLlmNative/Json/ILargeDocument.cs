namespace LiteLlmNative.Json;

/// <summary>
/// A document that can be tens of MiB (a batch of embedding vectors), which says beforehand
/// about how large it will be written, so its buffer is allocated once at that size.
/// </summary>
internal interface ILargeDocument
{
    /// <summary>An upper estimate of the document's UTF-8 bytes.</summary>
    long SizeHint { get; }
}
