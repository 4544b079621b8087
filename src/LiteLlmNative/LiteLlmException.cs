using System;

namespace LiteLlmNative;

/// <summary>
/// The one exception the services throw for an expected failure. It carries the error
/// document's fields; the export layer turns it into a status and a document. Anything else
/// that escapes a service is a bug and is reported as <see cref="LiteLlmStatus.Internal"/>.
/// </summary>
public sealed class LiteLlmException : Exception
{
    public LiteLlmException(LiteLlmError error) : base(error.Message) => Error = error;

    public LiteLlmError Error { get; }

    public LiteLlmStatus Status => Error.Status;

    public static LiteLlmException InvalidArgument(string message) =>
        new(new LiteLlmError(LiteLlmStatus.InvalidArgument, message));

    public static LiteLlmException Create(LiteLlmStatus status, string message) =>
        new(new LiteLlmError(status, message));
}
