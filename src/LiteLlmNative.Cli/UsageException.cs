using System;

namespace LiteLlmNative.Cli;

/// <summary>
/// A mistake in how litellm was invoked (unknown command or flag, missing or bad value,
/// unreadable input file, bad environment variable): exit 64 with a one-line message and a
/// pointer to the command's help.
/// </summary>
internal sealed class UsageException : Exception
{
    public UsageException(string? command, string message) : base(message) => Command = command;

    /// <summary>The command whose help to point at (<c>generate</c>, <c>run</c>), or null for the global help.</summary>
    public string? Command { get; }
}
