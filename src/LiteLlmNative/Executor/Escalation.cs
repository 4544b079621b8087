namespace LiteLlmNative.Executor;

/// <summary>One rung of the model ladder that failed, and why (API.md §5 <c>escalations</c>).</summary>
public sealed record Escalation(string Model, LiteLlmError Error);
