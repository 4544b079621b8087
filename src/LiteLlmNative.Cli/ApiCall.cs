using System;
using System.Text.Json;
using LiteLlmNative.Client;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;

namespace LiteLlmNative.Cli;

/// <summary>One library operation on a request document: (client, request) → status + document.</summary>
internal delegate LiteLlmStatus ApiOperation(LiteLlmClient client, ReadOnlySpan<byte> request, PooledBuffer output);

/// <summary>What a command prints from the success document; returns the exit code.</summary>
internal delegate int SuccessPrinter(ReadOnlySpan<byte> document);

/// <summary>
/// Runs one call through <see cref="LiteLlmApi"/>, the same code the C exports use: builds the
/// client from the environment's options, calls, and on failure prints
/// <c>litellm: &lt;error.message&gt;</c> to stderr (and, with --json, the error document to stdout)
/// and returns the status as the exit code. While the call runs, SIGINT / SIGTERM cancel it
/// through its request_id: then the message is <c>litellm: cancelled</c> and the
/// exit code 130 / 143.
/// </summary>
internal static class ApiCall
{
    public static int Invoke(CliOutput output, CliEnvironment env, bool json, string requestId, ReadOnlySpan<byte> request,
        ApiOperation operation, SuccessPrinter onSuccess, Action? beforeFailure = null)
    {
        using var document = new PooledBuffer(16 * 1024);
        LiteLlmStatus status = LiteLlmApi.CreateClient(env.ClientOptionsJson(), hasOptions: true, document, out LiteLlmClient? client);
        if (status != LiteLlmStatus.Ok || client is null)
        {
            return Failed(output, status, document.WrittenSpan, json);
        }
        using (client)
        {
            var guard = InterruptGuard.Watch(client, requestId);
            try
            {
                status = operation(client, request, document);
            }
            finally
            {
                guard.Dispose();
            }
            int? signalExit = guard.SignalExitCode;
            // An answer that was complete before the cancel took effect is still printed.
            if (status == LiteLlmStatus.Ok) return onSuccess(document.WrittenSpan);

            // e.g. end a half-printed streamed line, so the message starts a line of its own.
            beforeFailure?.Invoke();
            if (signalExit is { } exit)
            {
                if (json) output.WriteLine(document.WrittenSpan);
                output.Error("litellm: cancelled");
                return exit;
            }
            // A stream stops itself when its reader has gone (`litellm generate --stream | head -3`):
            // like a batch answer printed to a closed pipe, that is not an error worth a message.
            if (status == LiteLlmStatus.Cancelled && output.OutputClosed) return ExitCodes.Success;
            return Failed(output, status, document.WrittenSpan, json);
        }
    }

    /// <summary>Reports an error document (docs/documents.md#error-document); returns its status as the exit code.</summary>
    public static int Failed(CliOutput output, LiteLlmStatus status, ReadOnlySpan<byte> errorDocument, bool json)
    {
        if (json) output.WriteLine(errorDocument);
        int code = status == LiteLlmStatus.Ok ? (int)LiteLlmStatus.Internal : (int)status;
        try
        {
            using var doc = JsonDocument.Parse(errorDocument.ToArray());
            JsonElement error = doc.RootElement.GetProperty("error");
            string message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            output.Error($"litellm: {(message.Length > 0 ? message : KindOf(error))}");
            // A run whose every model failed: the message names the last; list them all.
            if (error.TryGetProperty("escalations", out var escalations)
                && escalations.ValueKind == JsonValueKind.Array && escalations.GetArrayLength() > 1)
            {
                foreach (JsonElement e in escalations.EnumerateArray())
                {
                    string model = e.TryGetProperty("model", out var mm) ? mm.GetString() ?? "?" : "?";
                    JsonElement body = e.GetProperty("error");
                    string text = body.TryGetProperty("message", out var em) ? em.GetString() ?? "" : "";
                    output.Error($"litellm:   {model}: {KindOf(body)}: {text}");
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            output.Error($"litellm: {System.Text.Encoding.UTF8.GetString(errorDocument)}");
        }
        return code;
    }

    private static string KindOf(JsonElement error) =>
        error.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "error";
}
