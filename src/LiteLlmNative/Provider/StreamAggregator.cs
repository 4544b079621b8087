using System.Collections.Generic;
using System.Text;
using LiteLlmNative.Json;

namespace LiteLlmNative.Provider;

/// <summary>Builds the final response of a stream from its chunks, as litellm_generate would answer.</summary>
internal sealed class StreamAggregator
{
    private readonly StringBuilder _content = new();
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _toolCalls = new();

    public string? Model { get; set; }
    public string? FinishReason { get; private set; }
    public bool SawFinish { get; private set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }

    public string Content => _content.ToString();

    public void AddContent(string text) => _content.Append(text);

    public void AddToolCall(int index, string? id, string? name, string? arguments)
    {
        if (!_toolCalls.TryGetValue(index, out var call)) call = (null, null, new StringBuilder());
        _toolCalls[index] = (call.Id ?? id, call.Name ?? name, call.Arguments.Append(arguments));
    }

    public void Finish(string finishReason)
    {
        FinishReason = finishReason;
        SawFinish = true;
    }

    public GenerateResponseDocument ToResponse(string requestedModel)
    {
        var calls = new List<ToolCallDocument>(_toolCalls.Count);
        foreach (var (_, call) in _toolCalls)
        {
            calls.Add(new ToolCallDocument
            {
                Id = call.Id ?? "",
                Name = call.Name ?? "",
                Arguments = ChatResponseReader.ParseArguments(call.Arguments.ToString()),
            });
        }
        return new GenerateResponseDocument
        {
            Content = Content,
            ToolCalls = calls,
            InputTokens = InputTokens,
            OutputTokens = OutputTokens,
            Model = Model ?? requestedModel,
            FinishReason = FinishReason,
            StopReason = StopReason.FromFinishReason(FinishReason),
        };
    }
}
