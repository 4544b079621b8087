namespace LiteLlmNative;

/// <summary>
/// One request a run made (docs/documents.md#run-result <c>attempts</c>): which model, how it
/// ended (<c>"ok"</c> or an error kind), which repair it was (0: the model's first answer),
/// what it asked for (<c>"off"</c>, <c>"json_object"</c>, <c>"json_schema"</c>), and what it cost.
/// </summary>
public sealed record RunAttempt(
    string Model,
    string Kind,
    int Repair,
    string JsonMode,
    long InputTokens,
    long OutputTokens,
    double? CostUsd,
    double LatencyMs);
