using System;
using System.IO;
using System.Text;

namespace LiteLlmNative.Cli;

/// <summary>
/// stdout and stderr as UTF-8 byte streams, whatever the console's encoding. stdout is
/// buffered and flushed before exit; a closed pipe (<c>litellm ... | head -1</c>) or a closed
/// descriptor silently ends the writing instead of crashing.
/// </summary>
internal sealed class CliOutput
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Stream _out;
    private readonly Stream _err;
    private bool _outBroken;
    private bool _errBroken;
    private bool _isConsole;

    public CliOutput(Stream stdout, Stream stderr)
    {
        _out = new BufferedStream(stdout, 16 * 1024);
        _err = stderr;
    }

    public static CliOutput ForConsole() =>
        new(StandardStreams.Output(), StandardStreams.Error())
        {
            _isConsole = true, OutputIsTerminal = !Console.IsOutputRedirected, ErrorIsTerminal = !Console.IsErrorRedirected,
        };

    /// <summary>stdout is a terminal: server text written with <see cref="WriteText"/> has its control characters escaped.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>stderr is a terminal: the model's reasoning shown there is dimmed.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Text from the server (an answer's content, a tool call): escaped for a terminal, as it is for a pipe or file.</summary>
    public string ForStdout(string text) => OutputIsTerminal ? TerminalText.Escape(text) : text;

    public void Write(string text) => Write(_out, ref _outBroken, Utf8.GetBytes(text));

    public void WriteLine(string text) => Write(text + "\n");

    /// <summary>UTF-8 bytes as they are (a document from the library), then a newline.</summary>
    public void WriteLine(ReadOnlySpan<byte> utf8)
    {
        Write(_out, ref _outBroken, utf8);
        Write(_out, ref _outBroken, "\n"u8);
    }

    /// <summary>UTF-8 bytes written and flushed at once: a streamed piece the reader should see now.</summary>
    public void WriteNow(ReadOnlySpan<byte> utf8)
    {
        Write(_out, ref _outBroken, utf8);
        Flush();
    }

    /// <summary>
    /// True once a write to stdout failed, or (for the console) once stdout's reader has gone:
    /// Console's stream swallows EPIPE, see <see cref="StandardStreams.OutputReaderGone"/>.
    /// </summary>
    public bool OutputClosed
    {
        get
        {
            if (!_outBroken && _isConsole && StandardStreams.OutputReaderGone()) _outBroken = true;
            return _outBroken;
        }
    }

    /// <summary>
    /// One line on stderr; stdout is flushed first so the two interleave in order. Error lines
    /// carry server text (messages, bodies): their control characters are always escaped.
    /// </summary>
    public void Error(string line)
    {
        Flush();
        Write(_err, ref _errBroken, Utf8.GetBytes(TerminalText.Escape(line) + "\n"));
        if (!_errBroken)
        {
            try { _err.Flush(); } catch (Exception e) when (IsClosed(e)) { _errBroken = true; }
        }
    }

    /// <summary>
    /// A piece of the model's reasoning on stderr, as it comes (no prefix, no newline): dimmed
    /// on a terminal (SGR 2), its control characters escaped there; stdout is flushed first so
    /// the two interleave in order.
    /// </summary>
    public void Reasoning(string text)
    {
        Flush();
        string shown = ErrorIsTerminal ? "\u001b[2m" + TerminalText.Escape(text) + "\u001b[0m" : text;
        Write(_err, ref _errBroken, Utf8.GetBytes(shown));
        if (!_errBroken)
        {
            try { _err.Flush(); } catch (Exception e) when (IsClosed(e)) { _errBroken = true; }
        }
    }

    public void Flush()
    {
        if (_outBroken) return;
        try { _out.Flush(); } catch (Exception e) when (IsClosed(e)) { _outBroken = true; }
    }

    /// <summary>A reader that went away (EPIPE) or a descriptor closed by the caller (EBADF).</summary>
    private static bool IsClosed(Exception e) => e is IOException or UnauthorizedAccessException or ObjectDisposedException;

    private static void Write(Stream stream, ref bool broken, ReadOnlySpan<byte> bytes)
    {
        if (broken) return;
        try { stream.Write(bytes); } catch (Exception e) when (IsClosed(e)) { broken = true; }
    }
}
