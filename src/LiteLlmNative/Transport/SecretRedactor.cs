using System;

namespace LiteLlmNative.Transport;

/// <summary>Removes the API key from any text that may reach a host: messages, bodies, logs.</summary>
internal sealed class SecretRedactor
{
    public const string Mask = "[REDACTED]";
    private readonly string _secret;

    public SecretRedactor(string secret) => _secret = secret;

    public static SecretRedactor None { get; } = new("");

    public string? Redact(string? text)
    {
        if (text is null || _secret.Length == 0) return text;
        return text.Contains(_secret, StringComparison.Ordinal) ? text.Replace(_secret, Mask, StringComparison.Ordinal) : text;
    }
}
