namespace LiteLlmNative;

/// <summary>One rung of the model ladder that failed, and why (docs/documents.md#run-result <c>escalations</c>).</summary>
public sealed record Escalation(string Model, LiteLlmError Error);
