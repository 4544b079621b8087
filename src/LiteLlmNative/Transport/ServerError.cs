using System;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Json;

namespace LiteLlmNative.Transport;

/// <summary>What a non-2xx body says, read from the OpenAI/LiteLLM <c>{"error": {…}}</c> envelope.</summary>
internal readonly record struct ServerError(string? Message, string? Type, string? Code)
{
    /// <summary>
    /// The HTTP status an error reported inside a 2xx answer stands for: its <c>code</c> when that
    /// is a status, else what its code or type names in OpenAI's, Anthropic's and LiteLLM's
    /// vocabularies (an in-band "invalid_api_key" is the 401 the same server sends unstreamed);
    /// null when it names none.
    /// </summary>
    public int? Status()
    {
        if (int.TryParse(Code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code))
        {
            return code is >= 100 and <= 599 ? code : null;
        }
        return StatusNamed(Code) ?? StatusNamed(Type);
    }

    private static int? StatusNamed(string? name) => name?.ToLowerInvariant() switch
    {
        "invalid_api_key" or "authentication_error" or "auth_error" or "authenticationerror" or "invalid_authentication" or "unauthorized" => 401,
        "permission_error" or "permission_denied" or "permissiondeniederror" or "forbidden" => 403,
        "not_found_error" or "model_not_found" or "notfounderror" or "not_found" => 404,
        "rate_limit_exceeded" or "rate_limit_error" or "ratelimiterror" or "insufficient_quota" or "too_many_requests" => 429,
        "invalid_request_error" or "badrequesterror" or "context_length_exceeded" or "contextwindowexceedederror" or "bad_request" => 400,
        "timeout" or "timeout_error" => 408,
        "overloaded_error" or "serviceunavailableerror" or "service_unavailable" => 503,
        "server_error" or "api_error" or "internal_server_error" or "internalservererror" or "internal_error" => 500,
        _ => null,
    };

    public static ServerError Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return default;
        try
        {
            var envelope = JsonSerializer.Deserialize(body, LiteLlmJsonContext.Default.WireErrorEnvelope);
            if (envelope?.Error is not { } e) return default;
            return new ServerError(AsText(e.Message), AsText(e.Type), AsText(e.Code));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return default; // not JSON, not the envelope, or undecodable text: the raw body is still reported
        }
    }

    private static string? TryGetString(JsonElement e)
    {
        try
        {
            return e.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? AsText(JsonElement e) => e.ValueKind switch
    {
        // A string with a lone \u surrogate cannot be decoded: report it as the server wrote it.
        JsonValueKind.String => TryGetString(e) ?? e.GetRawText(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Object or JsonValueKind.Array => e.GetRawText(),
        _ => null,
    };
}
