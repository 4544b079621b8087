using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

/// <summary>The one export of the second runtime: allocates, collects, answers with a count.</summary>
public static class Exports
{
    // Allocation and a full collection, so that this runtime's GC suspends its threads while
    // liblitellm's runtime in the same process has threads of its own running.
    [UnmanagedCallersOnly(EntryPoint = "other_runtime_collect")]
    public static int Collect(int count)
    {
        var strings = new List<string>(count);
        for (int i = 0; i < count; i++) strings.Add(i.ToString());
        GC.Collect();
        return strings.Count;
    }
}
