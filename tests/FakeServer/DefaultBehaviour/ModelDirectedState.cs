using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace LiteLlmNative.Testing;

/// <summary>
/// What the model-directed behaviour remembers across requests: which requests it has seen,
/// so <c>flaky-NNN</c> fails the first attempt of each request and answers its retries. A
/// request is known by its <c>x-fake-attempt-key</c> header when it has one, else by its body
/// (a retry sends the same bytes again), so concurrent callers need distinct bodies or keys.
/// </summary>
public sealed class ModelDirectedState
{
    /// <summary>The request header that names a request for <c>flaky-NNN</c>.</summary>
    public const string AttemptKeyHeader = "x-fake-attempt-key";

    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time this request (by key or body) arrives, false for its repeats.</summary>
    internal bool FirstSight(RecordedRequest request)
    {
        string key = request.Headers.TryGetValue(AttemptKeyHeader, out var named)
            ? "k:" + named
            : "b:" + Convert.ToHexString(SHA256.HashData(request.Body));
        return _seen.TryAdd(key, 0);
    }
}
