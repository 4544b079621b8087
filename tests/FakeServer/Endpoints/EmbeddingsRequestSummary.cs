using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LiteLlmNative.Testing;

/// <summary>The parts of an embeddings request body the fake looks at.</summary>
internal sealed record EmbeddingsRequestSummary(string Model, IReadOnlyList<string> Inputs, bool Base64, int? Dimensions)
{
    public static EmbeddingsRequestSummary? TryParse(byte[] body, out string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "fake: request body is not a JSON object";
                return null;
            }
            var inputs = new List<string>();
            if (root.TryGetProperty("input", out var input))
            {
                if (input.ValueKind == JsonValueKind.String)
                {
                    inputs.Add(input.GetString()!);
                }
                else if (input.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in input.EnumerateArray())
                    {
                        inputs.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
                    }
                }
            }
            if (inputs.Count == 0)
            {
                problem = "fake: 'input' is required";
                return null;
            }
            string model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            bool base64 = root.TryGetProperty("encoding_format", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == "base64";
            int? dimensions = root.TryGetProperty("dimensions", out var d) && d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out int n) ? n : null;
            problem = string.Empty;
            return new EmbeddingsRequestSummary(model, inputs, base64, dimensions);
        }
        catch (JsonException e)
        {
            problem = "fake: request body is not JSON: " + e.Message;
            return null;
        }
    }
}
