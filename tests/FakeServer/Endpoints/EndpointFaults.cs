using System;
using System.Collections.Generic;
using System.Globalization;

namespace LiteLlmNative.Testing;

/// <summary>
/// What the endpoint routes share with the chat route: the model (POST) or the
/// <c>x-fake-behaviour</c> header (GET) naming a fault — <c>status-NNN</c>, <c>flaky-NNN</c>,
/// <c>reset</c>, <c>garbage</c> — and the headers a LiteLLM proxy adds.
/// </summary>
internal static class EndpointFaults
{
    /// <summary>The request header that picks a GET route's behaviour.</summary>
    public const string BehaviourHeader = "x-fake-behaviour";

    public static string Behaviour(RecordedRequest request) =>
        request.Headers.TryGetValue(BehaviourHeader, out var value) ? value : "";

    public static bool Common(string name, RecordedRequest request, ModelDirectedState state, out FakeResponse? response)
    {
        response = null;
        if (name.StartsWith("status-", StringComparison.Ordinal) && Number(name, "status-".Length) is { } status and >= 200 and <= 599)
        {
            response = status == 401 ? AuthError(request) : FakeResponse.Error(status, $"fake error {status}", "fake_error", status.ToString(CultureInfo.InvariantCulture));
        }
        else if (name.StartsWith("flaky-", StringComparison.Ordinal) && Number(name, "flaky-".Length) is { } flaky and >= 200 and <= 599
                 && state.FirstSight(request))
        {
            response = FakeResponse.Error(flaky, $"fake flaky error {flaky}", "fake_error", flaky.ToString(CultureInfo.InvariantCulture));
        }
        else if (name == "reset")
        {
            response = FakeResponse.ResetBeforeHeaders();
        }
        else if (name == "garbage")
        {
            response = FakeResponse.Text(200, "this is not json");
        }
        return response is not null;
    }

    /// <summary>LiteLLM's 401, which repeats the key it was given (so the client's redaction is tested on it).</summary>
    private static FakeResponse AuthError(RecordedRequest request)
    {
        string given = request.Headers.TryGetValue("Authorization", out var auth) ? auth.Replace("Bearer ", "", StringComparison.Ordinal) : "none";
        return FakeResponse.Error(401, $"Authentication Error, Invalid proxy server token passed. Received API Key = {given}", "auth_error", "401");
    }

    /// <summary>The headers a LiteLLM proxy adds to an answer.</summary>
    public static Dictionary<string, string> LiteLlmHeaders(int sequence)
    {
        string n = sequence.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-litellm-response-cost"] = "0.00002",
            ["x-litellm-call-id"] = "call-" + n,
            ["x-request-id"] = "req-" + n,
        };
    }

    /// <summary>The digits right after <paramref name="start"/>, e.g. 300 in "slow-300".</summary>
    public static int? Number(string text, int start)
    {
        int end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        return end > start && int.TryParse(text.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : null;
    }
}
