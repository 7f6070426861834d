using System.Globalization;
using System.Runtime.InteropServices;
using CspUpgrades.LocalHost.App;

namespace CspUpgrades.LocalHost;

/// <summary>
/// The console: <c>CspUpgrades.LocalHost &lt;app build output&gt; [--port N] [--settings file] [--queue-lease hh:mm:ss]</c>.
/// An explicit class, not top-level statements: the Web SDK makes a generated <c>Program</c> public, and it would clash
/// with the app's own in test projects that reference both.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // dotnet run --project tools/CspUpgrades.LocalHost -- <app build output> [--port N] [--settings local.settings.json]
        if (!TryParse(args, out var options, out var usage))
        {
            await Console.Error.WriteLineAsync(usage);
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Grpc", LogLevel.Warning)
            .AddFilter("Yarp", LogLevel.Warning)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                console.UseUtcTimestamp = true;
            }));

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

        LocalFunctionsHost host;
        try
        {
            host = await LocalFunctionsHost.StartAsync(options!, loggerFactory, stop.Token);
        }
        catch (FunctionAppLoadException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }

        await using (host)
        {
            Console.WriteLine($"Local Functions host running on {host.BaseAddress} (worker process {host.WorkerProcessId}). Ctrl-C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: stop below.
            }
        }

        return 0;
    }

    private static bool TryParse(string[] args, out LocalHostOptions? options, out string usage)
    {
        usage = "Usage: CspUpgrades.LocalHost <app folder: the build output with functions.metadata> [--port N] [--settings path/to/local.settings.json] [--queue-lease hh:mm:ss]";
        options = null;
        string? app = null;
        int? port = null;
        string? settings = null;
        TimeSpan? lease = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p):
                    port = p;
                    i++;
                    break;
                case "--settings" when i + 1 < args.Length:
                    settings = args[++i];
                    break;
                case "--queue-lease" when i + 1 < args.Length && TimeSpan.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var l):
                    lease = l;
                    i++;
                    break;
                case "-h" or "--help":
                    return false;
                default:
                    if (app is not null || args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        usage = $"Unexpected argument '{args[i]}'.{Environment.NewLine}{usage}";
                        return false;
                    }

                    app = args[i];
                    break;
            }
        }

        if (app is null)
        {
            return false;
        }

        options = new LocalHostOptions { AppDirectory = app, Port = port, SettingsFile = settings };
        if (lease is { } queueLease)
        {
            options = options with { QueueMessageLease = queueLease };
        }

        return true;
    }
}
