using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LiteLlmNative.Client;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Interop;

/// <summary>
/// The C ABI (litellm.h). These functions only marshal: pointers to spans, a service call,
/// the outcome to a status and a document. Every one catches everything: an exception that
/// crossed into the host would take its process down.
/// </summary>
internal static unsafe class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "litellm_version")]
    public static byte* Version() =>
        // A u8 literal lives in the image's read-only data: static, never freed, never moved.
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(LiteLlmVersion.Utf8Z));

    [UnmanagedCallersOnly(EntryPoint = "litellm_interrupt_fd")]
    public static int InterruptFd()
    {
        try
        {
            return InterruptPipe.WriteEnd();
        }
        catch
        {
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_client_new")]
    public static int ClientNew(byte* optionsJson, nint* outClient, byte** outErrorJson)
    {
        try
        {
            if (outErrorJson != null) *outErrorJson = null;
            using var output = new PooledBuffer(512);
            if (outClient == null)
            {
                return Fail(LiteLlmException.InvalidArgument("out_client: must not be NULL"), output, outErrorJson);
            }
            *outClient = 0;
            ReadOnlySpan<byte> options = default;
            if (optionsJson != null)
            {
                try { options = NativeText.Read(optionsJson, "options_json"); }
                catch (LiteLlmException e) { return Fail(e, output, outErrorJson); }
            }
            var status = LiteLlmApi.CreateClient(options, optionsJson != null, output, out var client);
            if (status == LiteLlmStatus.Ok)
            {
                *outClient = ClientHandles.Add(client!);
                return 0;
            }
            if (outErrorJson != null) *outErrorJson = NativeText.Take(output);
            return (int)status;
        }
        catch
        {
            return (int)LiteLlmStatus.Internal;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_client_free")]
    public static void ClientFree(nint client)
    {
        try
        {
            ClientHandles.Remove(client)?.Dispose();
        }
        catch
        {
            // Nothing useful can be reported from a free; the handle is gone either way.
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_generate")]
    public static int Generate(nint client, byte* requestJson, byte** outJson) =>
        Call(client, requestJson, outJson, LiteLlmApi.Generate);

    [UnmanagedCallersOnly(EntryPoint = "litellm_ask")]
    public static int Ask(nint client, byte* model, byte* prompt, byte** outText)
    {
        try
        {
            if (outText == null) return (int)LiteLlmStatus.InvalidArgument;
            *outText = null;
            using var output = new PooledBuffer();
            LiteLlmStatus status;
            try
            {
                var resolved = ClientHandles.Resolve(client);
                // Invalid UTF-8 or a lone surrogate in either is refused by the request's own checks.
                status = LiteLlmApi.Ask(resolved, NativeText.Read(model, "model"), NativeText.Read(prompt, "prompt"), output);
            }
            catch (LiteLlmException e)
            {
                status = e.Status; // a NULL argument or a freed client: said as text too
                byte[] message = System.Text.Encoding.UTF8.GetBytes(e.Message);
                message.CopyTo(output.GetSpan(message.Length));
                output.Advance(message.Length);
            }
            *outText = NativeText.Take(output);
            return (int)status;
        }
        catch
        {
            return (int)LiteLlmStatus.Internal;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_json_get")]
    public static byte* JsonGet(byte* json, byte* path)
    {
        try
        {
            if (json == null || path == null) return null;
            var text = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(json);
            string pathText = System.Text.Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(path));
            using var output = new PooledBuffer();
            return Json.JsonPathLookup.TryGet(text, pathText, output) ? NativeText.Take(output) : null;
        }
        catch
        {
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_run")]
    public static int Run(nint client, byte* requestJson, byte** outJson) =>
        Call(client, requestJson, outJson, LiteLlmApi.Run);

    [UnmanagedCallersOnly(EntryPoint = "litellm_generate_stream")]
    public static int GenerateStream(
        nint client,
        byte* requestJson,
        delegate* unmanaged<void*, byte*, int> onEvent,
        void* userData,
        byte** outJson)
    {
        // As numbers, so the operation can carry them; it builds the callback inside Call's
        // catch-all, so nothing about the callback can escape either.
        nint fn = (nint)onEvent, state = (nint)userData;
        return Call(client, requestJson, outJson, (c, request, output) =>
        {
            if (fn == 0) throw LiteLlmException.InvalidArgument("on_event: must not be NULL");
            var callback = new NativeStreamCallback((delegate* unmanaged<void*, byte*, int>)fn, (void*)state);
            return LiteLlmApi.GenerateStream(c, request, callback.Invoke, output);
        });
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_generate_async")]
    public static int GenerateAsync(
        nint client,
        byte* requestJson,
        delegate* unmanaged<void*, byte*, int> onEvent,
        delegate* unmanaged<void*, int, byte*, void> onDone,
        void* userData,
        nint* outCall)
    {
        nint fn = (nint)onEvent, state = (nint)userData;
        return Start(client, requestJson, onDone, userData, outCall, (c, request, done) =>
        {
            var events = fn == 0 ? null : new NativeStreamCallback((delegate* unmanaged<void*, byte*, int>)fn, (void*)state);
            return LiteLlmApi.StartGenerate(c, request, events is null ? null : events.Invoke, done);
        });
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_run_async")]
    public static int RunAsync(nint client, byte* requestJson, delegate* unmanaged<void*, int, byte*, void> onDone, void* userData, nint* outCall) =>
        Start(client, requestJson, onDone, userData, outCall, LiteLlmApi.StartRun);

    [UnmanagedCallersOnly(EntryPoint = "litellm_embed")]
    public static int Embed(nint client, byte* requestJson, byte** outJson) =>
        Call(client, requestJson, outJson, LiteLlmApi.Embed);

    [UnmanagedCallersOnly(EntryPoint = "litellm_embed_async")]
    public static int EmbedAsync(nint client, byte* requestJson, delegate* unmanaged<void*, int, byte*, void> onDone, void* userData, nint* outCall) =>
        Start(client, requestJson, onDone, userData, outCall, LiteLlmApi.StartEmbed);

    [UnmanagedCallersOnly(EntryPoint = "litellm_models")]
    public static int Models(nint client, byte* requestJson, byte** outJson) =>
        Call(client, requestJson == null ? EmptyRequest() : requestJson, outJson, LiteLlmApi.Models);

    [UnmanagedCallersOnly(EntryPoint = "litellm_models_async")]
    public static int ModelsAsync(nint client, byte* requestJson, delegate* unmanaged<void*, int, byte*, void> onDone, void* userData, nint* outCall) =>
        Start(client, requestJson == null ? EmptyRequest() : requestJson, onDone, userData, outCall, LiteLlmApi.StartModels);

    [UnmanagedCallersOnly(EntryPoint = "litellm_health")]
    public static int Health(nint client, byte** outJson) =>
        Call(client, EmptyRequest(), outJson, (c, _, output) => LiteLlmApi.Health(c, output));

    [UnmanagedCallersOnly(EntryPoint = "litellm_health_async")]
    public static int HealthAsync(nint client, delegate* unmanaged<void*, int, byte*, void> onDone, void* userData, nint* outCall) =>
        Start(client, EmptyRequest(), onDone, userData, outCall, (c, _, done) => LiteLlmApi.StartHealth(c, done));

    /// <summary>"{}" NUL-terminated, in the image's read-only data: the request of the calls that take none.</summary>
    private static byte* EmptyRequest() => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference("{}\0"u8));

    private delegate AsyncCall Starter(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, CompletionHandler onDone);

    /// <summary>
    /// The shape of every asynchronous start: refuse only what leaves no one to tell (no
    /// on_done, a dead client handle), else start the call, an unreadable request included
    /// (it ends through on_done like any failure), and hand out its handle; catch everything.
    /// </summary>
    private static int Start(
        nint clientHandle, byte* requestJson, delegate* unmanaged<void*, int, byte*, void> onDone, void* userData, nint* outCall, Starter start)
    {
        try
        {
            if (outCall != null) *outCall = 0;
            if (onDone == null) return (int)LiteLlmStatus.InvalidArgument;
            LibraryThreads.EnsureBounded();
            if (!TryResolve(clientHandle, out var client)) return (int)LiteLlmStatus.InvalidArgument;
            CompletionHandler done = new NativeDoneCallback(onDone, userData).Invoke;
            AsyncCall call;
            try
            {
                call = start(client, NativeText.Read(requestJson, "request_json"), done);
            }
            catch (LiteLlmException e)
            {
                call = LiteLlmApi.StartFailed(client, e, done);
            }
            if (outCall != null) *outCall = CallRegistry.Shared.Add(call);
            else call.Release(); // a call without a handle is released at once
            return 0;
        }
        catch
        {
            return (int)LiteLlmStatus.Internal;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_call_cancel")]
    public static int CallCancel(nint call)
    {
        try
        {
            if (CallRegistry.Shared.Find(call) is not { } found) return (int)LiteLlmStatus.InvalidArgument;
            found.Cancel();
            return 0;
        }
        catch
        {
            return (int)LiteLlmStatus.Internal;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_call_free")]
    public static void CallFree(nint call)
    {
        try
        {
            CallRegistry.Shared.Release(call);
        }
        catch
        {
            // Nothing can be reported from a free.
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_status_str")]
    public static byte* StatusStr(int status) =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(LiteLlmStatusExtensions.KindUtf8Z(status)));

    [UnmanagedCallersOnly(EntryPoint = "litellm_abi_version")]
    public static int AbiVersion() => LiteLlmVersion.Abi;

    private static bool TryResolve(nint handle, out LiteLlmClient? client)
    {
        try
        {
            client = ClientHandles.Resolve(handle);
            return true;
        }
        catch (LiteLlmException)
        {
            client = null;
            return false;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_cancel")]
    public static int Cancel(nint clientHandle, byte* requestId)
    {
        try
        {
            var client = ClientHandles.Resolve(clientHandle);
            var id = NativeText.Read(requestId, "request_id");
            if (!System.Text.Unicode.Utf8.IsValid(id)) return (int)LiteLlmStatus.InvalidArgument;
            return (int)LiteLlmApi.Cancel(client, System.Text.Encoding.UTF8.GetString(id));
        }
        catch (LiteLlmException e)
        {
            return (int)e.Status;
        }
        catch
        {
            return (int)LiteLlmStatus.Internal;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_set_log_callback")]
    public static int SetLogCallback(delegate* unmanaged<void*, int, byte*, void> fn, void* userData, int minLevel)
    {
        try
        {
            if (minLevel < 0 || minLevel > 3) return (int)LiteLlmStatus.InvalidArgument;
            Observability.Log.Configure(fn == null ? null : new NativeLogSink(fn, userData), minLevel);
            return 0;
        }
        catch
        {
            return (int)LiteLlmStatus.Internal;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "litellm_free")]
    public static void Free(byte* s)
    {
        try
        {
            NativeText.Free(s);
        }
        catch
        {
            // Nothing can be reported from a free.
        }
    }

    private delegate LiteLlmStatus Operation(LiteLlmClient? client, ReadOnlySpan<byte> requestJson, PooledBuffer output);

    /// <summary>
    /// The shape of every call that answers with a document: resolve the handle, read the
    /// request, run the operation, hand the document to the host; catch everything.
    /// </summary>
    private static int Call(nint clientHandle, byte* requestJson, byte** outJson, Operation operation)
    {
        try
        {
            if (outJson == null) return (int)LiteLlmStatus.InvalidArgument; // nowhere to put a document
            *outJson = null;
            using var output = new PooledBuffer();
            LiteLlmStatus status;
            try
            {
                var client = ClientHandles.Resolve(clientHandle);
                status = operation(client, NativeText.Read(requestJson, "request_json"), output);
            }
            catch (Exception e)
            {
                status = LiteLlmApi.WriteFailure(e, SecretRedactor.None, output);
            }
            *outJson = NativeText.Take(output);
            return (int)status;
        }
        catch
        {
            return (int)LiteLlmStatus.Internal;
        }
    }

    private static int Fail(LiteLlmException e, PooledBuffer output, byte** outErrorJson)
    {
        var status = LiteLlmApi.WriteFailure(e, SecretRedactor.None, output);
        if (outErrorJson != null) *outErrorJson = NativeText.Take(output);
        return (int)status;
    }
}
