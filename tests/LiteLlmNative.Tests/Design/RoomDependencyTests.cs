using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace LiteLlmNative.Tests.Design;

/// <summary>
/// The library's rooms depend on each other in one direction only (docs/design.md#the-rooms):
/// a room may use the rooms below it in <see cref="Order"/>, never one above, so no cycle can
/// come back. The check reads the sources: a <c>using LiteLlmNative.X;</c> or a qualified
/// <c>X.Type</c> of another room counts as a use.
/// </summary>
public sealed class RoomDependencyTests
{
    /// <summary>Lowest first. The files at the top of the tree (LiteLlmError, LiteLlmStatus, ErrorLimits, …) are the shared vocabulary below every room.</summary>
    private static readonly string[] Order =
        { "Buffers", "Redaction", "Json", "Observability", "Transport", "Provider", "Executor", "Endpoints", "Client", "Interop" };

    [Fact]
    public void Every_room_uses_only_the_rooms_below_it()
    {
        string source = SourceDirectory();
        var violations = new List<string>();
        var rooms = Directory.GetDirectories(source).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).ToList();
        foreach (string room in rooms!)
        {
            Assert.True(Array.IndexOf(Order, room) >= 0, $"the room {room}/ is not in the dependency order of this test and docs/design.md");
        }
        foreach (string file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            if (relative.StartsWith("bin/") || relative.StartsWith("obj/")) continue;
            string text = StripComments(File.ReadAllText(file));
            int slash = relative.IndexOf('/');
            if (slash < 0)
            {
                // The shared vocabulary at the top uses no room at all.
                foreach (string other in Order.Where(o => Uses(text, o))) violations.Add($"{relative} uses {other}/");
                continue;
            }
            int level = Array.IndexOf(Order, relative[..slash]);
            for (int above = level + 1; above < Order.Length; above++)
            {
                if (Uses(text, Order[above])) violations.Add($"{relative} ({Order[level]}/) uses {Order[above]}/, a room above it");
            }
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_check_sees_a_use_in_either_form()
    {
        Assert.True(Uses("using LiteLlmNative.Executor;\nclass A {}", "Executor"));
        Assert.True(Uses("class A { Transport.ServerError e; }", "Transport"));
        Assert.True(Uses("class A { LiteLlmNative.Client.LiteLlmApi a; }", "Client"));
        Assert.False(Uses("class A { MyTransport.X e; int Transport; }", "Transport"));
        Assert.False(Uses(StripComments("// see Executor.Runner\nclass A {}"), "Executor"));
    }

    private static bool Uses(string text, string room) =>
        Regex.IsMatch(text, $@"using\s+LiteLlmNative\.{room}(\.\w+)*\s*;")
        || Regex.IsMatch(text, $@"(?<![\w.]|LiteLlmNative\.)(LiteLlmNative\.)?{room}\.[A-Z]\w*")
        || Regex.IsMatch(text, $@"(?<![\w])LiteLlmNative\.{room}\.[A-Z]\w*");

    private static string StripComments(string text) =>
        Regex.Replace(text, @"//[^\n]*|/\*.*?\*/", "", RegexOptions.Singleline);

    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "src", "LiteLlmNative");
            if (File.Exists(Path.Combine(candidate, "LiteLlmNative.csproj"))) return candidate;
        }
        throw new InvalidOperationException("src/LiteLlmNative not found above " + AppContext.BaseDirectory);
    }
}
