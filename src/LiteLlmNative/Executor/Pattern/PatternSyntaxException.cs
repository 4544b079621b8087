using System;

namespace LiteLlmNative.Executor.Pattern;

/// <summary>A <c>pattern</c> this engine rejects: malformed, unsupported, or too large.</summary>
internal sealed class PatternSyntaxException : Exception
{
    public PatternSyntaxException(string message) : base(message)
    {
    }
}
