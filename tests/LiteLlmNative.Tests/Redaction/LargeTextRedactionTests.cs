using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using LiteLlmNative.Tests.Support;
using LiteLlmNative.Transport;
using Xunit;
using LiteLlmNative.Buffers;
using LiteLlmNative.Redaction;

namespace LiteLlmNative.Tests.Redaction;

/// <summary>
/// A document's strings longer than 4 KiB are checked for secrets where they lie, a window at
/// a time, instead of being decoded into strings. That check must find exactly what the
/// string path finds: here both judge the same random texts (secrets in every form, escapes
/// of both levels, at every offset of the windows), and a miss shows as a secret left in.
/// </summary>
public sealed class LargeTextRedactionTests
{
    private const string Key = "sk-Large+Text/Key=77";

    private static string JsonEscapedEveryChar(string s) => string.Concat(s.Select(c => $"\\u{(int)c:x4}"));

    /// <summary>Pieces of raw JSON string text (as they lie between the quotes).</summary>
    private static readonly string[] Pieces =
    {
        "lorem ipsum ", "\\n", "\\/", "\\\\", "\\\"", "\\u0041", "\\u00e9", "é", "日本", "\\ud83d\\ude00",
        Key.Replace("/", "\\/"),                      // the key, as JSON writes it
        Key.ToUpperInvariant().Replace("/", "\\/"),   // in another case
        JsonEscapedEveryChar(Key),                     // every character a \\u escape
        string.Concat(Key.Select(c => $"\\\\u{(int)c:x4}")), // escaped twice: JSON text inside the string
        Uri.EscapeDataString(Key),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("Bearer " + Key)),
        Key[..10],                                     // a fragment only: never redacted
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void The_in_place_check_of_a_large_text_agrees_with_the_string_path(int seed)
    {
        var random = new Random(seed);
        var redactor = new SecretRedactor(Key);
        for (int round = 0; round < 30; round++)
        {
            var raw = new StringBuilder();
            int length = random.Next(5_000, 70_000);
            // Mostly filler, so that each round has a few secrets (or none) at random offsets.
            while (raw.Length < length)
            {
                raw.Append(random.Next(8) == 0 ? Pieces[random.Next(Pieces.Length)] : Pieces[random.Next(10)]);
                if (random.Next(3) == 0) raw.Append('x', random.Next(2000));
            }
            string document = "{\"content\":\"" + raw + "\",\"n\":1}";
            string decoded = JsonDocument.Parse(document).RootElement.GetProperty("content").GetString()!;
            string expected = redactor.Redact(decoded)!;

            using var buffer = new PooledBuffer();
            byte[] bytes = Encoding.UTF8.GetBytes(document);
            bytes.CopyTo(buffer.GetSpan(bytes.Length));
            buffer.Advance(bytes.Length);
            redactor.Scrub(buffer);

            string scrubbed = JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("content").GetString()!;
            Assert.True(expected == scrubbed,
                $"seed {seed} round {round}: the string path gives {Count(expected)} masks, the in-place check {Count(scrubbed)}");
        }
    }

    private static int Count(string text) => (text.Length - text.Replace(SecretRedactor.Mask, "").Length) / SecretRedactor.Mask.Length;

    [Fact]
    public void A_secret_straddling_every_window_edge_is_found()
    {
        var redactor = new SecretRedactor(Key);
        // The scan's windows are 16 KiB of decoded text; move the key across the first edge
        // one byte at a time, after a run of escapes (each 2 bytes raw, 1 decoded).
        for (int shift = 0; shift < 40; shift++)
        {
            string raw = new string('a', 16_384 - shift) + string.Concat(Enumerable.Repeat("\\n", 10)) + JsonEscapedEveryChar(Key) + new string('b', 100);
            using var buffer = new PooledBuffer();
            byte[] bytes = Encoding.UTF8.GetBytes("{\"c\":\"" + raw + "\"}");
            bytes.CopyTo(buffer.GetSpan(bytes.Length));
            buffer.Advance(bytes.Length);
            redactor.Scrub(buffer);
            string text = JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("c").GetString()!;
            Assert.DoesNotContain(Key, text);
            Assert.Contains(SecretRedactor.Mask, text);
        }
    }
}
