using System;
using System.Collections.Generic;

namespace LiteLlmNative.Tests.Support;

/// <summary>An environment of exactly these variables, in the shape ClientSettingsFactory reads.</summary>
internal static class FakeEnvironment
{
    public static Func<string, string?> Of(params (string Name, string Value)[] vars)
    {
        var map = new Dictionary<string, string>();
        foreach (var (n, v) in vars) map[n] = v;
        return name => map.TryGetValue(name, out var v) ? v : null;
    }
}
