using System;
using System.IO;
using System.Text;

namespace LiteLlmNative.Cli;

/// <summary>
/// Where a command's text comes from: the argument itself, <c>@FILE</c>, or stdin (<c>-</c>).
/// Bytes are UTF-8 (a leading byte-order mark is dropped); what cannot be read is a usage error
/// that names the file.
/// </summary>
internal static class CliInput
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static bool _stdinTaken;

    public static bool StdinIsTerminal => !Console.IsInputRedirected;

    /// <summary>The raw bytes of stdin; stdin can be read once per invocation.</summary>
    public static byte[] ReadStdinBytes(string command, string flag)
    {
        if (_stdinTaken) throw new UsageException(command, $"{flag}: stdin is already used by another argument");
        _stdinTaken = true;
        using var stdin = StandardStreams.Input();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return WithoutBom(buffer.ToArray());
    }

    public static byte[] ReadFileBytes(string command, string flag, string path)
    {
        if (path.Length == 0) throw new UsageException(command, $"{flag}: '@' must be followed by a file name");
        try
        {
            return WithoutBom(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new UsageException(command, $"{flag}: cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>TEXT as given, the contents of FILE for <c>@FILE</c>, or stdin (less its trailing newlines) for <c>-</c> when allowed.</summary>
    public static string ReadText(string command, string flag, string value, bool allowStdin)
    {
        if (allowStdin && value == "-")
        {
            // A trailing newline from `echo` or an editor is not part of the text.
            return Decode(command, flag, "stdin", ReadStdinBytes(command, flag)).TrimEnd('\r', '\n');
        }
        if (value.StartsWith('@'))
        {
            string path = value[1..];
            return Decode(command, flag, $"'{path}'", ReadFileBytes(command, flag, path));
        }
        return value;
    }

    public static string Decode(string command, string flag, string source, byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new UsageException(command, $"{flag}: {source} is not valid UTF-8 text");
        }
    }

    private static byte[] WithoutBom(byte[] bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? bytes[3..] : bytes;
}
