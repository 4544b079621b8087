using System.Globalization;

namespace LiteLlmNative.Testing;

/// <summary>Arguments of <c>dotnet FakeServer.dll [--port N] [--port-file PATH] [--ignore-stdin]</c>.</summary>
internal sealed record CommandLine(int Port, string? PortFile, bool IgnoreStdin)
{
    public const string Usage = "usage: FakeServer [--port N] [--port-file PATH] [--ignore-stdin]";

    public static CommandLine? TryParse(string[] args, out string error)
    {
        int port = 0;
        string? portFile = null;
        bool ignoreStdin = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                    {
                        error = $"--port: not a port number: {args[i]}";
                        return null;
                    }

                    break;
                case "--port-file" when i + 1 < args.Length:
                    portFile = args[++i];
                    break;
                case "--ignore-stdin":
                    ignoreStdin = true;
                    break;
                default:
                    error = $"unknown or incomplete argument: {args[i]}";
                    return null;
            }
        }

        error = string.Empty;
        return new CommandLine(port, portFile, ignoreStdin);
    }
}
