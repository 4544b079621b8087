using System.Collections.Generic;

namespace LiteLlmNative.Transport;

/// <summary>What one call adds to or overrides on the client's transport settings.</summary>
internal readonly record struct CallSettings(
    long? TimeoutMs,
    int? MaxRetries,
    IReadOnlyDictionary<string, string>? Headers,
    string? RequestId,
    string? Model,
    int? MaxTokens = null,
    string[]? Secrets = null, // the secrets among Headers, found once when the request is read
    string Operation = "chat", // gen_ai.operation.name of its log events
    long? IdleTimeoutMs = null);
