using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace LiteLlmNative.Tests;

public sealed class VersionTests
{
    [Fact]
    public void Version_constants_match_the_build_version()
    {
        string dir = Directory.GetCurrentDirectory();
        while (!File.Exists(Path.Combine(dir, "Directory.Build.props"))) dir = Path.GetDirectoryName(dir)!;
        string props = File.ReadAllText(Path.Combine(dir, "Directory.Build.props"));
        string version = Regex.Match(props, "<Version>(.*)</Version>").Groups[1].Value;
        Assert.Equal(LiteLlmVersion.Text, version);
        Assert.Equal(version + "\0", Encoding.UTF8.GetString(LiteLlmVersion.Utf8Z));
    }
}
