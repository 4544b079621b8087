using System.Collections.Concurrent;

namespace LiteLlmNative.Executor;

/// <summary>
/// The models that refused a json_schema response_format, remembered for the client's lifetime
/// so that later runs ask them with json_object and the schema in the prompt at once instead of
/// paying for the refusal again (docs/documents.md#run-request <c>json_mode</c>). Shared by the
/// client's concurrent runs.
/// </summary>
internal sealed class SchemaMemory
{
    // A host's ladder names a handful of models; this bound only keeps a host that makes up
    // model names without end from growing it without end.
    private const int MaxModels = 10_000;

    private readonly ConcurrentDictionary<string, byte> _noSchema = new(System.StringComparer.Ordinal);

    public bool TakesNoSchema(string model) => _noSchema.ContainsKey(model);

    public void RememberNoSchema(string model)
    {
        if (_noSchema.Count < MaxModels) _noSchema.TryAdd(model, 0);
    }
}
