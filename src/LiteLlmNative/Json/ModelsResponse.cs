using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlmNative.Json;

/// <summary>What <c>litellm_models</c> answers: the model list, or with <c>"info": true</c> the model info list.</summary>
[JsonConverter(typeof(ModelsResponseConverter))]
internal sealed class ModelsResponse
{
    public ModelListDocument? List { get; init; }
    public ModelInfoListDocument? Info { get; init; }
}

/// <summary>Writes whichever of the two documents a <see cref="ModelsResponse"/> holds.</summary>
internal sealed class ModelsResponseConverter : JsonConverter<ModelsResponse>
{
    public override ModelsResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("the models document is only written");

    public override void Write(Utf8JsonWriter writer, ModelsResponse value, JsonSerializerOptions options)
    {
        if (value.Info is { } info) JsonSerializer.Serialize(writer, info, LiteLlmJsonContext.Default.ModelInfoListDocument);
        else JsonSerializer.Serialize(writer, value.List ?? new ModelListDocument(), LiteLlmJsonContext.Default.ModelListDocument);
    }
}
