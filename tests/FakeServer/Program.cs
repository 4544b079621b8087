using System;
using System.Globalization;
using System.IO;
using System.Net.Sockets;

namespace LiteLlmNative.Testing;

/// <summary>
/// Process mode for the native C tests: serve the model-directed behaviour until SIGTERM,
/// SIGINT or EOF on stdin. Stdout carries exactly one line, <c>listening http://127.0.0.1:PORT</c>;
/// anything else goes to stderr.
/// </summary>
internal static class FakeServerProgram
{
    public static int Main(string[] args)
    {
        var options = CommandLine.TryParse(args, out string error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(CommandLine.Usage);
            return 64; // EX_USAGE, as the litellm CLI uses
        }

        // Signals are caught before binding, so a script that stops us early still gets exit 0.
        using var shutdown = new ShutdownSignal(watchStdin: !options.IgnoreStdin);
        FakeOpenAiServer server;
        try
        {
            server = new FakeOpenAiServer(options.Port);
        }
        catch (SocketException ex)
        {
            Console.Error.WriteLine($"FakeServer: cannot bind 127.0.0.1:{options.Port}: {ex.Message}");
            return 1;
        }

        using (server)
        {
            if (options.PortFile is { } portFile)
            {
                WritePortFile(portFile, server.Port);
            }

            Console.Out.WriteLine("listening " + server.BaseUrl);
            Console.Out.Flush();
            shutdown.Wait();
        }

        return 0;
    }

    /// <summary>Written to a temporary name and renamed, so a script polling for the file never reads it half-written.</summary>
    private static void WritePortFile(string path, int port)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, port.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
