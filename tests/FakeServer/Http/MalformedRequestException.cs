using System;

namespace LiteLlmNative.Testing;

/// <summary>
/// The client sent something that is not HTTP/1.x. The connection answers 400 and closes;
/// the server itself carries on.
/// </summary>
internal sealed class MalformedRequestException : Exception
{
    public MalformedRequestException(string message) : base(message)
    {
    }
}
