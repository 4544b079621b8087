using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LiteLlmNative.Testing;

/// <summary>
/// POST /v1/embeddings, answered as OpenAI does: <c>{"object": "list", "data": [{"object":
/// "embedding", "index", "embedding"}], "model", "usage"}</c>, each vector base64 (little-endian
/// floats) when the request asks <c>encoding_format: "base64"</c>, else numbers (a 32-bit float
/// widened to a double and written in full, as OpenAI's float answers read). The model chooses
/// the dimensions (<c>dims-N</c>; the request's <c>dimensions</c> wins; else 16) or a fault:
/// <c>embed-bad-base64</c>, <c>embed-odd-bytes</c>, <c>embed-missing</c>, <c>embed-extra</c>,
/// <c>embed-nan</c>, <c>embed-ragged</c>, <c>embed-shuffled</c> (right indexes, reverse order),
/// <c>embed-no-index</c>, <c>embed-duplicate-index</c>, <c>embed-floats</c> (numbers whatever
/// was asked), <c>embed-escaped</c> (base64 with every <c>/</c> written <c>\/</c>),
/// <c>embed-wrong-dims</c> (one value fewer than asked, every vector), and the chat models'
/// <c>status-NNN</c>, <c>slow-MS</c>, <c>flaky-NNN</c>, <c>reset</c>, <c>garbage</c>.
/// </summary>
internal static class EmbeddingsResponder
{
    public static FakeResponse Respond(RecordedRequest request, int sequence, ModelDirectedState state)
    {
        if (!request.Method.Equals("POST", StringComparison.Ordinal))
        {
            return FakeResponse.Error(405, $"fake: {request.Method} is not allowed here", "invalid_request_error", "405");
        }
        var summary = EmbeddingsRequestSummary.TryParse(request.Body, out string problem);
        if (summary is null) return FakeResponse.Error(400, problem, "invalid_request_error", "400");
        string model = summary.Model;
        if (EndpointFaults.Common(model, request, state, out var fault)) return fault!;
        if (model.StartsWith("slow-", StringComparison.Ordinal) && EndpointFaults.Number(model, "slow-".Length) is { } ms)
        {
            return FakeResponse.Delayed(Answer(summary, sequence), TimeSpan.FromMilliseconds(ms));
        }
        return Answer(summary, sequence);
    }

    private static FakeResponse Answer(EmbeddingsRequestSummary summary, int sequence)
    {
        string model = summary.Model;
        int dimensions = summary.Dimensions
            ?? (model.StartsWith("dims-", StringComparison.Ordinal) ? EndpointFaults.Number(model, "dims-".Length) : null)
            ?? FakeVectors.DefaultDimensions;
        if (model == "embed-wrong-dims") dimensions--;
        bool base64 = summary.Base64 && model != "embed-floats";
        int count = summary.Inputs.Count + (model == "embed-missing" ? -1 : model == "embed-extra" ? 1 : 0);
        var order = new List<int>();
        for (int i = 0; i < count; i++) order.Add(model == "embed-shuffled" ? count - 1 - i : i);

        var body = new StringBuilder(count * (base64 ? dimensions * 4 / 3 + 80 : dimensions * 22 + 80) + 200);
        body.Append("{\"object\":\"list\",\"data\":[");
        for (int k = 0; k < order.Count; k++)
        {
            int i = order[k];
            if (k > 0) body.Append(',');
            float[] vector = FakeVectors.For(summary.Inputs[Math.Min(i, summary.Inputs.Count - 1)], model == "embed-ragged" && i == 1 ? dimensions - 1 : dimensions);
            if (model == "embed-nan" && i == count - 1) vector[vector.Length / 2] = float.NaN;
            body.Append("{\"object\":\"embedding\",");
            if (model != "embed-no-index")
            {
                int index = model == "embed-duplicate-index" && i == 1 ? 0 : i;
                body.Append("\"index\":").Append(index.ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            body.Append("\"embedding\":");
            if (base64) AppendBase64(body, vector, model, i);
            else AppendNumbers(body, vector);
            body.Append('}');
        }
        int tokens = 0;
        foreach (string input in summary.Inputs) tokens += input.Length / 4 + 1;
        body.Append("],\"model\":").Append(JsonText.Write(w => w.WriteStringValue(model)));
        body.Append(",\"usage\":{\"prompt_tokens\":").Append(tokens.ToString(CultureInfo.InvariantCulture))
            .Append(",\"total_tokens\":").Append(tokens.ToString(CultureInfo.InvariantCulture)).Append("}}");
        return FakeResponse.Json(200, body.ToString(), EndpointFaults.LiteLlmHeaders(sequence));
    }

    private static void AppendBase64(StringBuilder body, float[] vector, string model, int i)
    {
        string text = FakeVectors.Base64(vector);
        if (model == "embed-bad-base64" && i == 0) text = "!!!!" + text[4..];
        if (model == "embed-odd-bytes" && i == 0)
        {
            var bytes = Convert.FromBase64String(text);
            text = Convert.ToBase64String(bytes, 0, bytes.Length - 2);
        }
        if (model == "embed-escaped") text = text.Replace("/", "\\/", StringComparison.Ordinal);
        body.Append('"').Append(text).Append('"');
    }

    private static void AppendNumbers(StringBuilder body, float[] vector)
    {
        body.Append('[');
        for (int j = 0; j < vector.Length; j++)
        {
            if (j > 0) body.Append(',');
            // NaN has no JSON form; a server that sends it anyway (Python's json does) writes this.
            body.Append(float.IsNaN(vector[j]) ? "NaN" : ((double)vector[j]).ToString("R", CultureInfo.InvariantCulture));
        }
        body.Append(']');
    }
}
