using System;
using System.Buffers;
using LiteLlmNative.Observability;

namespace LiteLlmNative.Interop;

/// <summary>Hands log events to a host's <c>litellm_log_fn</c> as NUL-terminated strings.</summary>
internal sealed unsafe class NativeLogSink : LogSink
{
    private readonly delegate* unmanaged<void*, int, byte*, void> _fn;
    private readonly void* _userData;

    public NativeLogSink(delegate* unmanaged<void*, int, byte*, void> fn, void* userData)
    {
        _fn = fn;
        _userData = userData;
    }

    public override void Write(int level, ReadOnlySpan<byte> eventJson)
    {
        byte[] text = ArrayPool<byte>.Shared.Rent(eventJson.Length + 1);
        try
        {
            eventJson.CopyTo(text);
            text[eventJson.Length] = 0;
            fixed (byte* p = text)
            {
                _fn(_userData, level, p);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
    }
}
