using System.Collections.Generic;
using System.Text;

namespace LiteLlmNative.Executor;

/// <summary>
/// The text the executor adds to a conversation: the schema written into the system message
/// (for a model that takes no json_schema response_format), and the user message of a repair,
/// which lists what was wrong with the model's answer, each problem with its JSON path.
/// </summary>
internal static class RunPrompts
{
    /// <summary>The skill prompt (if any) followed by the instruction to follow <paramref name="schemaJson"/>.</summary>
    public static string SystemWithSchema(string? skillPrompt, string schemaJson)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(skillPrompt)) text.Append(skillPrompt).Append("\n\n");
        text.Append("Answer with one JSON object, and nothing else, that conforms to this JSON Schema:\n");
        text.Append(schemaJson);
        return text.ToString();
    }

    /// <summary>
    /// The user message after the model's rejected answer. <paramref name="schemaJson"/> is
    /// repeated only for a model that has not been shown the schema (no json_schema format and
    /// none in its system message): a path alone would not tell it what is expected there.
    /// </summary>
    public static string Repair(IReadOnlyList<string> problems, string? schemaJson)
    {
        var text = new StringBuilder("Your answer was not accepted:\n");
        foreach (string problem in problems) text.Append("- ").Append(problem).Append('\n');
        if (schemaJson is not null)
        {
            text.Append("The answer must be one JSON object that conforms to this JSON Schema:\n").Append(schemaJson).Append('\n');
        }
        text.Append("Answer again with the corrected JSON object only.");
        return text.ToString();
    }
}
