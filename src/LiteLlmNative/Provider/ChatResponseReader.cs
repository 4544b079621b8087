using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Json;
using LiteLlmNative.Transport;
using LiteLlmNative.Transport.Http;

namespace LiteLlmNative.Provider;

/// <summary>Maps a 2xx chat completion body and its LiteLLM headers to the response document.</summary>
internal static class ChatResponseReader
{
    public static GenerateResponseDocument Read(ReadOnlySpan<byte> body, string requestedModel)
    {
        // The same reader as a stream's chunks: no serializer metadata for the wire shapes.
        var wire = new StreamChunkReader();
        try
        {
            wire.Read(body, null);
        }
        catch (JsonException e)
        {
            throw BadResponse($"the server's 2xx body is not a chat completion ({JsonErrorText.Ours(e)})", body);
        }
        catch (InvalidOperationException)
        {
            throw BadResponse("the server's 2xx body has an invalid \\u escape (a lone UTF-16 surrogate)", body);
        }
        if (!wire.Present) throw BadResponse("the server's 2xx body is JSON null", body);
        if (wire.HasError)
        {
            var server = ServerError.Parse(body);
            var ex = BadResponse($"the server answered 2xx with an error: {server.Message ?? "no message"}", body);
            ex.Error.ErrorType = server.Type;
            ex.Error.ErrorCode = server.Code;
            throw ex;
        }
        if (wire.ChoiceCount == 0 || wire.FirstChoiceNull) throw BadResponse("the response has no choices", body);
        var choice = wire.Choice(0);
        if (!choice.HasMessage) throw BadResponse("the response's first choice has no message", body);
        return ResponseFactory.Create(choice.MessageContent, ToolCalls(choice.MessageToolCalls),
            wire.HasUsage ? wire.PromptTokens ?? 0 : 0, wire.HasUsage ? wire.CompletionTokens ?? 0 : 0,
            wire.Model ?? requestedModel, choice.FinishReason);
    }

    /// <summary>
    /// Finishes a response read by <paramref name="attempt"/>: the header fields, the attempt
    /// count, and what the attempt's log event reports.
    /// </summary>
    public static void Complete(GenerateResponseDocument doc, HttpResponse response, AttemptContext attempt)
    {
        ReadHeaders(doc, response);
        doc.Attempts = attempt.Number;
        attempt.ResponseModel = doc.Model;
        attempt.InputTokens = doc.InputTokens;
        attempt.OutputTokens = doc.OutputTokens;
    }

    /// <summary>Fills the fields LiteLLM reports in headers (docs/documents.md#generate-response); each null when absent.</summary>
    private static void ReadHeaders(GenerateResponseDocument doc, HttpResponse response)
    {
        doc.CostUsd = ResponseHeaders.Double(response, "x-litellm-response-cost");
        doc.CallId = ResponseHeaders.First(response, "x-litellm-call-id");
        doc.ModelId = ResponseHeaders.First(response, "x-litellm-model-id");
        doc.ServerRequestId = ResponseHeaders.First(response, "x-request-id");
        long? requests = ResponseHeaders.Long(response, "x-ratelimit-remaining-requests");
        long? tokens = ResponseHeaders.Long(response, "x-ratelimit-remaining-tokens");
        doc.RateLimit = requests is null && tokens is null
            ? null
            : new RateLimitDocument { RemainingRequests = requests, RemainingTokens = tokens };
    }

    private static List<ToolCallDocument> ToolCalls(List<WireToolCall?>? calls)
    {
        var result = new List<ToolCallDocument>(calls?.Count ?? 0);
        if (calls is null) return result;
        foreach (var call in calls)
        {
            if (call is null) continue;
            result.Add(new ToolCallDocument
            {
                Id = call.Id ?? "",
                Name = call.Function?.Name ?? "",
                Arguments = ParseArguments(call.Function?.Arguments ?? ""),
            });
        }
        return result;
    }

    /// <summary>The parsed JSON when the model produced valid JSON, else the raw string.</summary>
    public static JsonElement ParseArguments(string arguments) =>
        JsonElements.TryParse(arguments) ?? JsonElements.FromString(arguments);

    private static LiteLlmException BadResponse(string message, ReadOnlySpan<byte> body)
    {
        var error = new LiteLlmError(LiteLlmStatus.BadResponse, message) { Body = ErrorLimits.BodyText(body) };
        return new LiteLlmException(error);
    }
}
