using System.Text.Json;

namespace LiteLlmNative.Json;

/// <summary>
/// A document that is JSON but not of the shape expected, found by one of our own readers: its
/// message is already ours (a path and what was wrong), unlike System.Text.Json's, which
/// <see cref="JsonErrorText.Ours"/> translates.
/// </summary>
internal sealed class JsonShapeException(string message) : JsonException(message);
