using System;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Json;
using Xunit;

namespace LiteLlmNative.Tests.Provider;

/// <summary>An answer's text kept as UTF-8 and written in pieces must read and write as the string would.</summary>
public sealed class Utf8TextTests
{
    /// <summary>As the library writes its documents.</summary>
    private static string Write(GenerateResponseDocument doc)
    {
        var output = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(output, JsonOutput.WriterOptions))
        {
            JsonSerializer.Serialize(writer, doc, LiteLlmJsonContext.Default.GenerateResponseDocument);
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static Utf8Text Read(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        return Utf8Text.ReadString(ref reader);
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"a\\nb\\t\\\"q\\\" \\/ \\\\\"", "a\nb\t\"q\" / \\")]
    [InlineData("\"\\u00e9\\u65e5\\ud83d\\ude00\"", "é日😀")]
    [InlineData("\"é日😀\"", "é日😀")]
    [InlineData("\"\"", "")]
    public void Reads_a_string_value_as_its_text(string json, string expected)
    {
        var text = Read(json);
        Assert.Equal(expected, text.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(expected), text.Utf8.ToArray());
        Assert.Equal(expected.Length == 0, text.IsEmpty);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_refused_as_GetString_refuses_it()
    {
        Assert.Throws<InvalidOperationException>(() => Read("\"a\\ud800b\""));
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        byte[] bytes = { (byte)'"', 0x61, 0xC3, 0x28, (byte)'"' };
        Assert.Throws<InvalidOperationException>(() =>
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            Utf8Text.ReadString(ref reader);
        });
    }

    [Theory]
    [InlineData(10)]
    [InlineData(16 * 1024 - 1)]
    [InlineData(16 * 1024)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(100_003)]
    public void A_large_text_is_written_in_pieces_exactly_as_its_string(int length)
    {
        // Multi-byte characters and escapes at every offset, so some fall on a piece's edge.
        var builder = new StringBuilder();
        string[] parts = { "a", "é", "日", "😀", "\n", "\"", "\\", "\u0001", "</" };
        for (int i = 0; builder.Length < length; i++) builder.Append(parts[i % parts.Length]);
        string text = builder.ToString();

        var fromString = new GenerateResponseDocument { Content = text };
        var fromUtf8 = new GenerateResponseDocument { Content = Read(JsonSerializer.Serialize(text, LiteLlmJsonContext.Default.String)) };
        Assert.Equal(text, fromUtf8.Content.ToString());
        Assert.Equal(Write(fromString), Write(fromUtf8));
    }
}
