using System;
using System.Collections.Generic;
using System.Text.Json;
using LiteLlmNative.Json;
using static LiteLlmNative.Provider.RequestRules;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Provider;

/// <summary>Turns a host's generate request document into a validated <see cref="ChatRequest"/>.</summary>
internal static class ChatRequestFactory
{
    public static ChatRequest FromDocument(GenerateRequestDocument doc, bool stream)
    {
        string model = RequiredModel(doc.Model, "$.model");
        if (doc.Messages is null) throw Invalid("$.messages", "required");
        if (doc.Messages.Count == 0) throw Invalid("$.messages", "must not be empty");
        Check(doc.MaxTokens, doc.Temperature, doc.TopP);
        int? maxTokens = MaxTokens(doc.MaxTokens, doc.MaxCompletionTokens);

        var messages = new List<ChatMessage>(doc.Messages.Count + 1);
        if (doc.System is not null) messages.Add(new ChatMessage("system", doc.System));
        for (int i = 0; i < doc.Messages.Count; i++)
        {
            messages.Add(Message(doc.Messages[i], $"$.messages[{i}]"));
        }

        return new ChatRequest
        {
            Model = model,
            Messages = messages,
            MaxTokens = maxTokens,
            MaxTokensName = doc.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens",
            Temperature = doc.Temperature,
            TopP = doc.TopP,
            Stop = Stop(doc.Stop),
            Seed = doc.Seed,
            Tools = Tools(doc.Tools),
            ToolChoice = ToolChoice(doc.ToolChoice),
            ResponseFormat = OptionalObject(doc.ResponseFormat, "$.response_format"),
            User = doc.User,
            Metadata = OptionalObject(doc.Metadata, "$.metadata"),
            ExtraBody = OptionalObject(doc.ExtraBody, "$.extra_body"),
            MockResponse = doc.MockResponse,
            Stream = stream,
            Call = Call(doc.TimeoutMs, doc.MaxRetries, doc.Headers, doc.RequestId, model, maxTokens, doc.IdleTimeoutMs),
        };
    }

    private static ChatMessage Message(MessageDocument? m, string path)
    {
        if (m is null) throw Invalid(path, "expected an object, got null");
        bool others = m.Others is { Count: > 0 };
        if (others && m.Role != "assistant")
        {
            // Only an assistant message carries what a server returned; anything else is a mistake.
            foreach (var name in m.Others!.Keys)
            {
                string at = JsonPathBuilder.Append(path, name);
                throw Invalid(at, "unknown field" + FieldHints.For(at, LiteLlmJsonContext.Default.GenerateRequestDocument));
            }
        }
        string role = m.Role ?? throw Invalid(path + ".role", "required");
        if (role is not ("system" or "user" or "assistant" or "tool"))
            throw Invalid(path + ".role", $"\"{role}\" is not one of system, user, assistant, tool");

        string? text = null;
        JsonElement parts = default;
        switch (m.Content.ValueKind)
        {
            case JsonValueKind.String: text = m.Content.GetString(); break;
            case JsonValueKind.Array: parts = m.Content; break;
            case JsonValueKind.Undefined or JsonValueKind.Null: break;
            default: throw Invalid(path + ".content", "expected a string, an array of content parts, or null");
        }
        bool hasContent = text is not null || parts.ValueKind == JsonValueKind.Array;

        if (m.ToolCalls is not null && role != "assistant")
            throw Invalid(path + ".tool_calls", "only an assistant message may carry tool calls");
        if (m.ToolCallId is not null && role != "tool")
            throw Invalid(path + ".tool_call_id", "only a tool message carries tool_call_id");
        if (role == "tool" && string.IsNullOrEmpty(m.ToolCallId))
            throw Invalid(path + ".tool_call_id", "required for a tool message");
        // An assistant message a server returned may have no content beside its tool calls, a
        // refusal or its reasoning: sent back, it is taken as it came.
        if (!hasContent && !(role == "assistant" && (m.ToolCalls is { Count: > 0 } || others)))
            throw Invalid(path + ".content", $"required for a {role} message");

        List<ChatToolCall>? calls = null;
        if (m.ToolCalls is not null)
        {
            calls = new List<ChatToolCall>(m.ToolCalls.Count);
            for (int i = 0; i < m.ToolCalls.Count; i++)
            {
                calls.Add(ToolCall(m.ToolCalls[i], $"{path}.tool_calls[{i}]"));
            }
        }
        return new ChatMessage(role, text, parts, m.Name, m.ToolCallId, calls, others ? m.Others : null);
    }

    /// <summary>
    /// A tool call given back: in the response's shape (<c>name</c>, <c>arguments</c> as JSON) or
    /// OpenAI's (<c>function: {name, arguments}</c>, as a response's <c>message</c> has it).
    /// </summary>
    private static ChatToolCall ToolCall(ToolCallDocument? c, string at)
    {
        if (c is null) throw Invalid(at, "expected an object, got null");
        if (string.IsNullOrEmpty(c.Id)) throw Invalid(at + ".id", "required");
        string? functionName = null;
        JsonElement functionArguments = default;
        switch (c.Function.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                break;
            case JsonValueKind.Object:
                foreach (var p in c.Function.EnumerateObject())
                {
                    if (p.Name == "name")
                    {
                        if (p.Value.ValueKind != JsonValueKind.String) throw Invalid(at + ".function.name", "expected a string");
                        functionName = p.Value.GetString();
                    }
                    else if (p.Name == "arguments")
                    {
                        functionArguments = p.Value;
                    }
                }
                break;
            default:
                throw Invalid(at + ".function", "expected an object {\"name\", \"arguments\"}");
        }
        if (c.Name is not null && functionName is not null && c.Name != functionName)
            throw Invalid(at + ".name", $"\"{c.Name}\" differs from function.name \"{functionName}\"");
        string name = c.Name ?? functionName ?? "";
        if (name.Length == 0) throw Invalid(at + ".name", "required");
        bool given = c.Arguments.ValueKind != JsonValueKind.Undefined, givenInFunction = functionArguments.ValueKind != JsonValueKind.Undefined;
        if (given && givenInFunction) throw Invalid(at + ".arguments", "give arguments or function.arguments, not both");
        return new ChatToolCall(c.Id, c.Type ?? "function", name, WireArguments(given ? c.Arguments : functionArguments),
            c.Function.ValueKind == JsonValueKind.Object ? c.Function : default, c.Others is { Count: > 0 } o ? o : null);
    }

    /// <summary>OpenAI wants the arguments as a JSON string: a string is taken as that string, anything else is serialised.</summary>
    private static string WireArguments(JsonElement arguments) => arguments.ValueKind switch
    {
        JsonValueKind.String => arguments.GetString()!,
        JsonValueKind.Undefined or JsonValueKind.Null => "{}",
        _ => arguments.GetRawText(),
    };

    private static JsonElement Stop(JsonElement stop)
    {
        switch (stop.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null: return default;
            case JsonValueKind.String: return stop;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var s in stop.EnumerateArray())
                {
                    if (s.ValueKind != JsonValueKind.String) throw Invalid($"$.stop[{i}]", "expected a string");
                    i++;
                }
                return stop;
            default: throw Invalid("$.stop", "expected a string or an array of strings");
        }
    }

    private static List<ToolDocument>? Tools(List<ToolDocument?>? tools)
    {
        if (tools is null) return null;
        var result = new List<ToolDocument>(tools.Count);
        for (int i = 0; i < tools.Count; i++)
        {
            string at = $"$.tools[{i}]";
            var t = tools[i] ?? throw Invalid(at, "expected an object, got null");
            if (string.IsNullOrEmpty(t.Name)) throw Invalid(at + ".name", "required");
            if (t.Parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
                throw Invalid(at + ".parameters", "expected a JSON Schema object");
            result.Add(t);
        }
        return result;
    }

    /// <summary>
    /// <c>"auto"</c>/<c>"none"</c>/<c>"required"</c> pass as they are; <c>{"name": "f"}</c> becomes
    /// OpenAI's <c>{"type":"function","function":{"name":"f"}}</c>; an object already in OpenAI's
    /// form (it has <c>type</c>) passes unchanged.
    /// </summary>
    private static JsonElement ToolChoice(JsonElement choice)
    {
        const string path = "$.tool_choice";
        switch (choice.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return default;
            case JsonValueKind.String:
                string s = choice.GetString()!;
                if (s is "auto" or "none" or "required") return choice;
                throw Invalid(path, $"\"{s}\" is not one of \"auto\", \"none\", \"required\" or {{\"name\": …}}");
            case JsonValueKind.Object when choice.TryGetProperty("type", out _):
                return choice;
            case JsonValueKind.Object:
                if (!choice.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0)
                    throw Invalid(path + ".name", "required: the name of the tool to call");
                foreach (var p in choice.EnumerateObject())
                {
                    if (p.Name != "name") throw Invalid(JsonPathBuilder.Append(path, p.Name), "unknown field");
                }
                return OpenAiToolChoice(name.GetString()!);
            default:
                throw Invalid(path, "expected a string or an object");
        }
    }

    private static JsonElement OpenAiToolChoice(string name)
    {
        var buffer = new Buffers.PooledBuffer(256);
        try
        {
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", name);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            using var doc = JsonDocument.Parse(buffer.WrittenMemory);
            return doc.RootElement.Clone();
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
