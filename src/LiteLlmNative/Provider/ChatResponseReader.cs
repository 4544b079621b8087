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
    public static GenerateResponseDocument Read(ReadOnlySpan<byte> body, string requestedModel, bool keepMessage = true)
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
        try
        {
            ref readonly var usage = ref wire.Usage;
            // The message is kept whole; its text is a view into it, not a second copy (an
            // answer may be as large as max_response_bytes, and the document holds it twice).
            var message = keepMessage ? RawJson.CopyChecked(choice.MessageObject.In(body)) : ResponseFactory.MessageNotKept;
            return ResponseFactory.Create(new ResponseParts
            {
                Content = keepMessage ? ContentOf(message, choice) : TextOf(body, choice),
                ToolCalls = ToolCalls(choice.MessageToolCalls),
                ReasoningContent = Reasoning(body, choice),
                ThinkingBlocks = choice.MessageThinkingBlocks.IsPresent ? RawJson.CopyChecked(choice.MessageThinkingBlocks.In(body)) : null,
                Message = message,
                InputTokens = usage.PromptTokens ?? 0,
                OutputTokens = usage.CompletionTokens ?? 0,
                CachedTokens = usage.Cached ?? 0,
                CacheCreationTokens = usage.CacheCreationTokens ?? 0,
                ReasoningTokens = usage.ReasoningTokens ?? 0,
                CostUsd = usage.Cost,
                Model = wire.Model ?? requestedModel,
                Id = string.IsNullOrEmpty(wire.Id) ? null : wire.Id,
                FinishReason = choice.FinishReason,
            });
        }
        catch (InvalidOperationException)
        {
            throw BadResponse("the server's 2xx body has an invalid \\u escape (a lone UTF-16 surrogate) or text that is not UTF-8", body);
        }
    }

    /// <summary>The message's content: a view into the kept message when it is a string, else its text parts joined ("" for null).</summary>
    private static Utf8Text ContentOf(RawJson message, ChunkChoice choice)
    {
        var span = choice.MessageContentSpan;
        if (!span.IsPresent) return Utf8Text.Empty;
        var within = new TextSpan { At = span.At - choice.MessageObject.At, Length = span.Length };
        return message.Bytes![within.At] == (byte)'"' ? Utf8Text.View(message.Bytes, within) : choice.MessageContent;
    }

    /// <summary>The message's content decoded on its own (the message is not kept): a string's text (decoding checks it is text), else its parts joined.</summary>
    private static Utf8Text TextOf(ReadOnlySpan<byte> body, ChunkChoice choice) =>
        !choice.MessageContentSpan.IsPresent || body[choice.MessageContentSpan.At] == (byte)'"' ? choice.MessageText(body) : choice.MessageContent;

    /// <summary>reasoning_content (LiteLLM's and DeepSeek's name), else reasoning (vLLM's, Groq's, Ollama's, OpenRouter's).</summary>
    private static Utf8Text? Reasoning(ReadOnlySpan<byte> body, ChunkChoice choice) =>
        choice.MessageReasoningContent.IsPresent ? StreamChunkReader.Utf8(body, choice.MessageReasoningContent)
        : choice.MessageReasoning.IsPresent ? StreamChunkReader.Utf8(body, choice.MessageReasoning)
        : null;

    /// <summary>
    /// Finishes a response read by <paramref name="attempt"/>: the header fields, the attempt
    /// count, and what the attempt's log event reports.
    /// </summary>
    public static void Complete(GenerateResponseDocument doc, HttpResponse response, AttemptContext attempt)
    {
        ReadHeaders(doc, response);
        doc.Attempts = attempt.Number;
        attempt.ResponseModel = doc.Model;
        attempt.ResponseId = doc.Id;
        attempt.FinishReason = doc.FinishReason;
        attempt.CachedTokens = doc.CachedTokens;
        attempt.InputTokens = doc.InputTokens;
        attempt.OutputTokens = doc.OutputTokens;
    }

    /// <summary>Fills the fields LiteLLM reports in headers (docs/documents.md#generate-response); each null when absent.</summary>
    private static void ReadHeaders(GenerateResponseDocument doc, HttpResponse response)
    {
        // LiteLLM sends no cost header on a stream: usage.cost of the last chunk stands in.
        doc.CostUsd = ResponseHeaders.Double(response, "x-litellm-response-cost") ?? doc.CostUsd;
        doc.CallId = ResponseHeaders.First(response, "x-litellm-call-id");
        doc.ModelId = ResponseHeaders.First(response, "x-litellm-model-id");
        doc.ServerRequestId = ResponseHeaders.First(response, "x-request-id");
        doc.KeySpendUsd = ResponseHeaders.Double(response, "x-litellm-key-spend");
        doc.KeyMaxBudgetUsd = ResponseHeaders.Double(response, "x-litellm-key-max-budget");
        doc.AttemptedRetries = ResponseHeaders.Long(response, "x-litellm-attempted-retries") is >= 0 and var retries ? retries : null;
        doc.AttemptedFallbacks = ResponseHeaders.Long(response, "x-litellm-attempted-fallbacks") is >= 0 and var fallbacks ? fallbacks : null;
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
