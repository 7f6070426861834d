using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Operator.Tests;

/// <summary>
/// Runs the operator console's build output as an operator does (<c>dotnet CspUpgrades.Operator.dll …</c>), in a working
/// directory of its own, with the storage settings in its environment (as run.sh sets them) or in a
/// <c>local.settings.json</c> there — never both, and none inherited from the test process.
/// </summary>
public sealed class OperatorConsole : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private static readonly string Directory =
        typeof(OperatorConsole).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OperatorDirectory").Value!;

    private readonly Dictionary<string, string> _environment = [];

    private OperatorConsole() => System.IO.Directory.CreateDirectory(WorkingDirectory);

    /// <summary>The table this console's commands use (a new one per console).</summary>
    public string TableName { get; } = AzuriteFixture.UniqueName("operator");

    public string WorkingDirectory { get; } = Path.Combine(Path.GetTempPath(), "cspupgrades-operator-" + Guid.NewGuid().ToString("N"));

    /// <summary>Storage settings in the environment, as run.sh and docs/DEPLOY.md give them.</summary>
    public static OperatorConsole WithEnvironment(AzuriteFixture azurite)
    {
        var console = new OperatorConsole();
        console._environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        console._environment["Storage__TableName"] = console.TableName;
        return console;
    }

    /// <summary>Storage settings only in <c>local.settings.json</c> in the working directory, as the app reads them on its own.</summary>
    public static OperatorConsole WithLocalSettings(AzuriteFixture azurite)
    {
        var console = new OperatorConsole();
        File.WriteAllText(
            Path.Combine(console.WorkingDirectory, "local.settings.json"),
            System.Text.Json.JsonSerializer.Serialize(new
            {
                IsEncrypted = false,
                Values = new Dictionary<string, string> { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["Storage__TableName"] = console.TableName },
            }));
        return console;
    }

    /// <summary>No storage settings anywhere.</summary>
    public static OperatorConsole WithoutStorage() => new();

    /// <summary>One storage setting in the environment, and no other.</summary>
    public static OperatorConsole WithSetting(string name, string value)
    {
        var console = new OperatorConsole();
        console._environment[name] = value;
        return console;
    }

    /// <summary>Storage settings in the environment that name an account nothing listens for (a loopback port just closed).</summary>
    public static OperatorConsole WithUnreachableStorage()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var console = new OperatorConsole();
        console._environment["AzureWebJobsStorage"] =
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};" +
            $"TableEndpoint=http://127.0.0.1:{port}/{AzuriteFixture.AccountName};QueueEndpoint=http://127.0.0.1:{port}/{AzuriteFixture.AccountName}";
        console._environment["Storage__TableName"] = console.TableName;
        return console;
    }

    public async Task<OperatorRun> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Directory, "CspUpgrades.Operator.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsStorageSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        // As run.sh runs it (the host then also checks the service registrations when it builds them).
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The operator console did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"CspUpgrades.Operator {string.Join(' ', args)} took longer than {RunTimeout}:\n{await error}");
        }

        return new OperatorRun(process.ExitCode, Lines(await output), Lines(await error));
    }

    public void Dispose() => System.IO.Directory.Delete(WorkingDirectory, recursive: true);

    private static bool IsStorageSetting(string name) =>
        name.StartsWith("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();
}
