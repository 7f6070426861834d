using System.Diagnostics;
using System.Text;

namespace CspUpgrades.Functions.Tests.Publishing;

/// <summary>
/// Publishes the Functions app once per test run, exactly as deployment does
/// (<c>dotnet publish src/CspUpgrades.Functions -c Release -r linux-x64 --self-contained</c>), into a
/// temporary folder, with its own build artifacts so it never touches the outputs the tests run from.
/// The slowest fixture of the suite (a self-contained publish): keep it to this one.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cspupgrades-publish-" + Guid.NewGuid().ToString("N"));

    public string Directory => Path.Combine(_root, "out");

    public string Executable => Path.Combine(Directory, "CspUpgrades.Functions");

    public async Task InitializeAsync()
    {
        var repository = RepositoryRoot();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "publish", Path.Combine("src", "CspUpgrades.Functions", "CspUpgrades.Functions.csproj"),
            "-c", "Release", "-r", "linux-x64", "--self-contained",
            "-o", Directory, "--artifacts-path", Path.Combine(_root, "artifacts"),
            "--nologo", "-nodeReuse:false", "--disable-build-servers",

            // The normal build already holds this code to the analyzers; they change nothing in the output.
            "-p:RunAnalyzers=false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings must not leak into a separate build.
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var publish = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var output = new StringBuilder();
        publish.OutputDataReceived += (_, e) => Append(output, e.Data);
        publish.ErrorDataReceived += (_, e) => Append(output, e.Data);
        publish.BeginOutputReadLine();
        publish.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await publish.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            publish.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dotnet publish took longer than {PublishTimeout.TotalMinutes} minutes:\n{Text(output)}");
        }

        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed with exit code {publish.ExitCode}:\n{Text(output)}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is the OS's to clean.
        }

        return Task.CompletedTask;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}.");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
