using System;
using System.Threading;
using System.Threading.Tasks;
using LiteLlmNative.Transport;
using LiteLlmNative.Buffers;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Client;

/// <summary>Receives a call's end: its status and its document (valid only during the call).</summary>
internal delegate void CompletionHandler(LiteLlmStatus status, PooledBuffer document);

/// <summary>
/// One asynchronous call (docs/async.md): queued to the runtime's thread pool when it
/// starts, driven by socket and timer completions from then on (no thread waits for it), and
/// ended exactly once through its <see cref="CompletionHandler"/>. A host handle to it stays
/// valid until the call has both ended and been released.
/// </summary>
internal sealed class AsyncCall : IThreadPoolWorkItem
{
    private const int Ended = 1, Released = 2;

    private readonly LiteLlmClient? _client;
    private readonly LiteLlmClient.CallScope? _scope;
    private readonly Func<CancellationToken, PooledBuffer, ValueTask<LiteLlmStatus>> _operation;
    private readonly CompletionHandler _onDone;
    private int _state;

    /// <param name="scope">The call's registration on its client (null when it failed before it had one).</param>
    /// <param name="operation">Writes the call's document and returns its status; never throws.</param>
    public AsyncCall(
        LiteLlmClient? client,
        LiteLlmClient.CallScope? scope,
        Func<CancellationToken, PooledBuffer, ValueTask<LiteLlmStatus>> operation,
        CompletionHandler onDone)
    {
        _client = client;
        _scope = scope;
        _operation = operation;
        _onDone = onDone;
    }

    /// <summary>The host's handle to this call (0 when it has none), set by the registry.</summary>
    public nint Handle { get; set; }

    internal CallRegistry? Registry { get; set; }

    /// <summary>Starts the call on a pool thread, so its end never runs on the starting thread.</summary>
    public void Start() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    /// <summary>Ends the call with <c>cancelled</c> unless it has already ended. Thread-safe, idempotent.</summary>
    public void Cancel() => _scope?.Cancel();

    /// <summary>The host lets go of its handle; the call itself goes on. True when it had already ended.</summary>
    public bool Release() => (Interlocked.Or(ref _state, Released) & Ended) != 0;

    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    private async Task RunAsync()
    {
        var output = new PooledBuffer(0); // rented when the document is written, at the end
        try
        {
            LiteLlmStatus status;
            try
            {
                status = await _operation(_scope?.Token ?? CancellationToken.None, output).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The operation writes its own failures; this only keeps a bug from losing the end.
                status = LiteLlmApi.WriteFailure(e, _client?.Redactor ?? SecretRedactor.None, output);
            }
            using (_client is null ? default : CallbackScope.Enter(_client, _scope?.Token ?? default))
            {
                _onDone(status, output);
            }
        }
        catch
        {
            // A failure inside the completion handler's marshalling: the host has been told
            // all it can be; the bookkeeping below must still happen.
        }
        finally
        {
            output.Dispose();
            // After the callback: litellm_client_free waits for it, so it must not return first.
            _scope?.Dispose();
            if ((Interlocked.Or(ref _state, Ended) & Released) != 0) Registry?.Remove(Handle);
        }
    }
}
