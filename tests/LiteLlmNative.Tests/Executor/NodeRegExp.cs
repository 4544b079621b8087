using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LiteLlmNative.Tests.Executor;

/// <summary>
/// The oracle for the pattern engine: Node's <c>new RegExp(pattern, "u")</c>, run once for a
/// whole corpus. Strings cross as arrays of UTF-16 code units, so lone surrogates arrive intact
/// in both directions. For each input it reports <c>.test(input)</c> and also the answer of
/// ECMA-262's own search loop, which tries a match at each code point boundary in turn (here
/// with a sticky copy of the RegExp). The two differ where V8 (Node 20) reports a zero-width
/// match inside a surrogate pair, a position Unicode mode does not have (a known V8 bug); to
/// tell such cases from any other difference, whether <c>exec</c>'s index is inside a pair is
/// reported too.
/// </summary>
internal static class NodeRegExp
{
    private const string Script = """
        const text = units => { let s = ''; for (const u of units) s += String.fromCharCode(u); return s; };
        // The UTF-16 indices between code points (for..of reads a lone surrogate as one of its own).
        const boundaries = s => { const b = [0]; let i = 0; for (const ch of s) b.push(i += ch.length); return b; };
        const corpus = JSON.parse(require('fs').readFileSync(0, 'utf8'));
        const verdicts = corpus.map(c => {
          let re, sticky;
          try { re = new RegExp(text(c.p), 'u'); sticky = new RegExp(text(c.p), 'uy'); }
          // The message quotes the pattern: its lone surrogates become U+FFFD, so the JSON is UTF-8.
          catch (e) { return { valid: false, error: String(e.message).replace(/\p{Cs}/gu, '\ufffd') }; }
          const inputs = c.i.map(text);
          return {
            valid: true,
            matches: inputs.map(s => boundaries(s).some(i => { sticky.lastIndex = i; return sticky.test(s); })),
            tests: inputs.map(s => re.test(s)),
            interior: inputs.map(s => { const m = re.exec(s); return m !== null && !boundaries(s).includes(m.index); }),
          };
        });
        process.stdout.write(JSON.stringify(verdicts));
        """;

    /// <summary>
    /// Node's answer for one pattern: whether it compiles (and its error); per input, whether
    /// ECMA-262's search finds a match (<see cref="Matches"/>), what <c>.test</c> said, and
    /// whether <c>.exec</c>'s match started inside a surrogate pair.
    /// </summary>
    public sealed record Verdict(bool Valid, string? Error, bool[] Matches, bool[] Tests, bool[] Interior);

    /// <summary>Runs every pattern against its inputs in one <c>node</c> process; throws if node cannot be run.</summary>
    public static Verdict[] Evaluate(IReadOnlyList<(string Pattern, string[] Inputs)> corpus)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Script);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("the pattern cross-check needs Node.js (`node` on PATH): " + e.Message, e);
        }
        using (process)
        {
            process.StandardInput.Write(Serialize(corpus));
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000)) throw new TimeoutException("node did not finish the corpus in 60 s");
            if (process.ExitCode != 0) throw new InvalidOperationException($"node exited with {process.ExitCode}: {stderr.Result}");
            return Parse(stdout, corpus.Count);
        }
    }

    private static string Serialize(IReadOnlyList<(string Pattern, string[] Inputs)> corpus)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach ((string pattern, string[] inputs) in corpus)
            {
                json.WriteStartObject();
                json.WritePropertyName("p");
                WriteUnits(json, pattern);
                json.WriteStartArray("i");
                foreach (string input in inputs) WriteUnits(json, input);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteUnits(Utf8JsonWriter json, string text)
    {
        json.WriteStartArray();
        foreach (char c in text) json.WriteNumberValue(c);
        json.WriteEndArray();
    }

    private static Verdict[] Parse(string stdout, int count)
    {
        using JsonDocument document = JsonDocument.Parse(stdout);
        var verdicts = new List<Verdict>(count);
        foreach (JsonElement item in document.RootElement.EnumerateArray())
        {
            bool valid = item.GetProperty("valid").GetBoolean();
            string? error = item.TryGetProperty("error", out JsonElement e) ? e.GetString() : null;
            verdicts.Add(new Verdict(valid, error, Booleans(item, "matches"), Booleans(item, "tests"), Booleans(item, "interior")));
        }
        if (verdicts.Count != count) throw new InvalidOperationException($"node answered {verdicts.Count} of {count} patterns");
        return verdicts.ToArray();
    }

    private static bool[] Booleans(JsonElement item, string name)
    {
        var values = new List<bool>();
        if (item.TryGetProperty(name, out JsonElement array))
        {
            foreach (JsonElement value in array.EnumerateArray()) values.Add(value.GetBoolean());
        }
        return values.ToArray();
    }
}
