namespace LiteLlmNative.Cli;

/// <summary>Exit codes beyond the <see cref="LiteLlmStatus"/> values 1..8 (docs/cli.md#exit-codes).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>EX_USAGE of sysexits.h: the command line (or the environment) was wrong.</summary>
    public const int Usage = 64;

    /// <summary>128 + SIGINT: Ctrl-C cancelled the call (the shell's code for a process killed by SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>128 + SIGTERM: SIGTERM cancelled the call.</summary>
    public const int Terminated = 143;
}
