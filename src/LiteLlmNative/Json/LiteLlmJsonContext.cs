using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>
/// Every document that crosses the ABI or the wire, source-generated so that the NativeAOT
/// build needs no reflection. Strictness on input lives on the types
/// (<see cref="JsonUnmappedMemberHandlingAttribute"/>); duplicates and depth are checked by
/// <see cref="StrictJsonReader"/> before a document reaches the serializer. Documents the library
/// only writes get serialisation code only, documents it only reads get metadata only: each
/// kind of code exists once (about 100 KB less in the NativeAOT build).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = 64)]
[JsonSerializable(typeof(ClientOptionsDocument), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(GenerateRequestDocument), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(RunRequestDocument), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(GenerateResponseDocument), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(RunResultDocument), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ErrorDocument), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(DeltaEvent), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ReasoningDeltaEvent), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ToolCallDeltaEvent), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(DoneEvent), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(AttemptLogEvent), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(RetryLogEvent), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(FailureLogEvent), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(WireErrorEnvelope), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(EmbedRequestDocument), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ModelsRequestDocument), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(EmptyRequestDocument), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(EmbedResponseDocument), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ModelsResponse), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ModelListDocument), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ModelInfoListDocument), GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(HealthDocument), GenerationMode = JsonSourceGenerationMode.Serialization)]
// Read in requests and written in responses: both kinds of code.
[JsonSerializable(typeof(ToolCallDocument))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class LiteLlmJsonContext : JsonSerializerContext
{
}
