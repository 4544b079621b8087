namespace LiteLlmNative.Redaction;

/// <summary>
/// Keeps a secret out of a stream's pieces when a server splits its echo across them (each
/// delta event clean, their concatenation not): each piece is released redacted, minus an end
/// that could be the start of a secret, which waits for the next piece. Nothing is lost: the
/// end is released with the next piece or by <see cref="Flush"/>.
/// </summary>
internal sealed class SplitSecretGuard
{
    private readonly SecretRedactor _redactor;
    private string _held = "";

    public SplitSecretGuard(SecretRedactor redactor) => _redactor = redactor;

    /// <summary>What of <paramref name="piece"/> (after what was held back) may be released now.</summary>
    public string Take(string piece)
    {
        if (_redactor.IsEmpty) return piece;
        string text = _redactor.Redact(_held + piece)!;
        int hold = _redactor.PossibleStartAtEnd(text);
        _held = text[(text.Length - hold)..];
        return text[..(text.Length - hold)];
    }

    /// <summary>What is held back, at the end of the stream: the text's last characters, or a recognisable start of a secret masked.</summary>
    public string Flush()
    {
        string rest = _redactor.TrimSecretTail(_held) ?? "";
        _held = "";
        return rest;
    }
}
