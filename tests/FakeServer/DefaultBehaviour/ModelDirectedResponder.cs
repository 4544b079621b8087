using System;
using System.Collections.Generic;
using System.Globalization;

namespace LiteLlmNative.Testing;

/// <summary>
/// What the server answers when no response is scripted. The model name chooses the behaviour,
/// so a test that can only set request fields (the native C tests, via process mode) can still
/// ask for errors, tool calls, slowness or garbage:
/// <c>status-NNN</c>, <c>tool</c>, <c>slow-MS</c>, <c>garbage</c>, <c>reset</c>, <c>flaky-NNN</c>,
/// <c>big-N</c>, <c>bigjson-N</c>, <c>bigresult-N</c>, <c>drip-MS</c> (a stream whose chunks
/// come MS apart), <c>fixture-NAME</c> (a recorded answer from Fixtures/), the ladder's
/// (<see cref="LadderBehaviours"/>), anything else echoes.
/// An echo asked for <c>response_format</c> json_object or json_schema whose text is not already a JSON
/// object comes back wrapped in a Result object, so the executor's demo gets a valid answer.
/// </summary>
internal static class ModelDirectedResponder
{
    private static readonly ToolCall WeatherCall = new("call_1", "get_weather", "{\"city\":\"Oslo\"}");

    // For callers without a server of their own (the one-argument overload): one shared memory.
    private static readonly ModelDirectedState SharedState = new();

    /// <param name="sequence">1-based arrival number of the request, used in the ids it gets back.</param>
    public static FakeResponse Respond(RecordedRequest request, int sequence) => Respond(request, sequence, SharedState);

    /// <param name="sequence">1-based arrival number of the request, used in the ids it gets back.</param>
    /// <param name="state">What this server remembers between requests (for <c>flaky-NNN</c>).</param>
    public static FakeResponse Respond(RecordedRequest request, int sequence, ModelDirectedState state)
    {
        string path = request.Path.Split('?', 2)[0];
        if (EndpointRoutes.TryRespond(request, path, sequence, state) is { } other)
        {
            return other;
        }

        if (path != "/v1/chat/completions" && path != "/chat/completions")
        {
            return FakeResponse.Error(404, $"fake: no route for {request.Method} {path}", "not_found_error", "404");
        }

        if (!request.Method.Equals("POST", StringComparison.Ordinal))
        {
            return FakeResponse.Error(405, $"fake: {request.Method} is not allowed here", "invalid_request_error", "405");
        }

        var summary = ChatRequestSummary.TryParse(request.Body, out string problem);
        if (summary is null)
        {
            return FakeResponse.Error(400, problem, "invalid_request_error", "400");
        }

        string model = summary.Model;
        if (model.StartsWith("status-", StringComparison.Ordinal)
            && LeadingNumber(model, "status-".Length) is { } status and >= 200 and <= 599)
        {
            return FakeResponse.Error(status, $"fake error {status}", "fake_error", status.ToString(CultureInfo.InvariantCulture));
        }

        if (model == "reset")
        {
            return FakeResponse.ResetBeforeHeaders();
        }

        if (model.StartsWith("flaky-", StringComparison.Ordinal)
            && LeadingNumber(model, "flaky-".Length) is { } flakyStatus and >= 200 and <= 599
            && state.FirstSight(request))
        {
            return FakeResponse.Error(flakyStatus, $"fake flaky error {flakyStatus}", "fake_error", flakyStatus.ToString(CultureInfo.InvariantCulture));
        }

        if (model.StartsWith("fixture-", StringComparison.Ordinal))
        {
            // A real server's recorded answer (Fixtures/), for tests that can only set the model.
            return FakeResponse.Recorded(model["fixture-".Length..]);
        }

        if (LadderBehaviours.Respond(summary, content => Answer(summary, sequence, content, summary.Stream)) is { } ladder)
        {
            return ladder;
        }

        if (model == "garbage")
        {
            return FakeResponse.Text(200, "this is not json");
        }

        if (model.StartsWith("big-", StringComparison.Ordinal) && LeadingNumber(model, "big-".Length) is { } size)
        {
            return Answer(summary, sequence, BigText(size), summary.Stream);
        }

        if (model.StartsWith("bigjson-", StringComparison.Ordinal) && LeadingNumber(model, "bigjson-".Length) is { } jsonSize)
        {
            return Answer(summary, sequence, BigText(jsonSize), stream: false);
        }

        if (model.StartsWith("bigresult-", StringComparison.Ordinal) && LeadingNumber(model, "bigresult-".Length) is { } resultSize)
        {
            // A run's result object whose output is that much prose.
            return Answer(summary, sequence, OpenAiBodies.ResultObject(BigText(resultSize)), stream: false);
        }

        if (model.StartsWith("drip-", StringComparison.Ordinal) && summary.Stream
            && LeadingNumber(model, "drip-".Length) is { } gap)
        {
            string id = "chatcmpl-fake-" + sequence.ToString(CultureInfo.InvariantCulture);
            var chunks = OpenAiChunks.ForContent(id, model, summary.LastUserContent, 1, 1, summary.IncludeUsage);
            return FakeResponse.Sse(chunks, delayBetweenChunks: TimeSpan.FromMilliseconds(gap), headers: LiteLlmHeaders(sequence));
        }

        if (model.StartsWith("slow-", StringComparison.Ordinal)
            && LeadingNumber(model, "slow-".Length) is { } milliseconds)
        {
            return FakeResponse.Delayed(Answer(summary, sequence), TimeSpan.FromMilliseconds(milliseconds));
        }

        return Answer(summary, sequence);
    }

    /// <summary>
    /// <paramref name="bytes"/> characters of prose in lines (so its JSON has escapes), with a
    /// non-ASCII word in each line: an answer as large as a test of the client's memory needs.
    /// </summary>
    private static string BigText(int bytes)
    {
        const string line = "The quick brown fox jumps over the lazy dog, déjà vu.\n";
        var text = new System.Text.StringBuilder(bytes + line.Length);
        while (text.Length < bytes) text.Append(line);
        return text.ToString(0, bytes);
    }

    /// <summary>The echo (or, for model "tool", the weather call), as JSON or as SSE when streaming was asked for.</summary>
    private static FakeResponse Answer(ChatRequestSummary summary, int sequence) => Answer(summary, sequence, null, summary.Stream);

    /// <param name="fixedContent">The answer's text instead of the echo (in 1000-character deltas when streamed).</param>
    private static FakeResponse Answer(ChatRequestSummary summary, int sequence, string? fixedContent, bool stream)
    {
        string id = "chatcmpl-fake-" + sequence.ToString(CultureInfo.InvariantCulture);
        bool tool = summary.Model == "tool";
        string content = fixedContent ?? (tool ? string.Empty : summary.LastUserContent);
        if (fixedContent is null && !tool && summary.JsonObjectWanted && !IsJsonObject(content))
        {
            content = OpenAiBodies.ResultObject(content);
        }
        int promptTokens = summary.TotalContentLength / 4 + 1;
        int completionTokens = (tool ? WeatherCall.Arguments.Length : content.Length) / 4 + 1;
        var headers = LiteLlmHeaders(sequence);

        if (stream)
        {
            var chunks = tool
                ? OpenAiChunks.ForToolCall(id, summary.Model, WeatherCall, promptTokens, completionTokens, summary.IncludeUsage)
                : OpenAiChunks.ForContent(id, summary.Model, content, promptTokens, completionTokens, summary.IncludeUsage,
                    pieceLength: fixedContent is null ? OpenAiChunks.PieceLength : 1000);
            return FakeResponse.Sse(chunks, headers: headers);
        }

        string body = tool
            ? OpenAiBodies.Completion(id, summary.Model, null, "tool_calls", promptTokens, completionTokens, includeUsage: true, [WeatherCall])
            : OpenAiBodies.Completion(id, summary.Model, content, "stop", promptTokens, completionTokens, includeUsage: true);
        return FakeResponse.Json(200, body, headers);
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The headers a LiteLLM proxy adds, which the client maps to cost_usd, call_id and server_request_id.</summary>
    private static Dictionary<string, string> LiteLlmHeaders(int sequence)
    {
        string n = sequence.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-litellm-response-cost"] = "0.00042",
            ["x-litellm-call-id"] = "call-" + n,
            ["x-request-id"] = "req-" + n,
        };
    }

    /// <summary>The digits right after <paramref name="start"/>, e.g. 300 in "slow-300" or "slow-300-x".</summary>
    private static int? LeadingNumber(string text, int start)
    {
        int end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end > start && int.TryParse(text.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : null;
    }
}
