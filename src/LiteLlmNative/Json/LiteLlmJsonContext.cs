using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// Every document that crosses the ABI or the wire, source-generated so that the NativeAOT
/// build needs no reflection. Strictness on input lives on the types
/// (<see cref="JsonUnmappedMemberHandlingAttribute"/>); duplicates and depth are checked by
/// <see cref="StrictJsonReader"/> before a document reaches the serializer.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = 64)]
[JsonSerializable(typeof(ClientOptionsDocument))]
[JsonSerializable(typeof(GenerateRequestDocument))]
[JsonSerializable(typeof(RunRequestDocument))]
[JsonSerializable(typeof(GenerateResponseDocument))]
[JsonSerializable(typeof(RunResultDocument))]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(DeltaEvent))]
[JsonSerializable(typeof(ToolCallDeltaEvent))]
[JsonSerializable(typeof(DoneEvent))]
[JsonSerializable(typeof(AttemptLogEvent))]
[JsonSerializable(typeof(RetryLogEvent))]
[JsonSerializable(typeof(FailureLogEvent))]
[JsonSerializable(typeof(WireChatCompletion))]
[JsonSerializable(typeof(WireErrorEnvelope))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class LiteLlmJsonContext : JsonSerializerContext
{
}
