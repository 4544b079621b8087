namespace LiteLlmNative.Testing;

/// <summary>One function call as the model returns it; <paramref name="Arguments"/> is the raw JSON string.</summary>
internal readonly record struct ToolCall(string Id, string Name, string Arguments);
