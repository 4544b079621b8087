using System;
using LiteLlmNative.Transport;

namespace LiteLlmNative.Endpoints;

/// <summary>The <c>bad_response</c> errors of the endpoint readers: a 2xx answer that is not what the route returns.</summary>
internal static class AnswerErrors
{
    public static LiteLlmException BadResponse(string message, ReadOnlySpan<byte> body) =>
        new(new LiteLlmError(LiteLlmStatus.BadResponse, message) { Body = ErrorLimits.BodyText(body) });

    /// <summary>A 2xx whose body is OpenAI's error envelope: the server's message, type and code.</summary>
    public static LiteLlmException ErrorIn2xx(ReadOnlySpan<byte> body)
    {
        var server = ServerError.Parse(body);
        var e = BadResponse($"the server answered 2xx with an error: {server.Message ?? "no message"}", body);
        e.Error.ErrorType = server.Type;
        e.Error.ErrorCode = server.Code;
        return e;
    }
}
