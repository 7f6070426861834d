using System.Diagnostics;
using System.Text;

namespace CspUpgrades.Functions.Tests.Publishing;

/// <summary>
/// Runs <c>scripts/publish.sh</c> once per test run, as a deployment does, into a temporary folder and with its own build
/// artifacts (so it never touches the outputs the tests run from): the publish folder and the zip package of it.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cspupgrades-publish-" + Guid.NewGuid().ToString("N"));

    /// <summary>The package a deployment uploads.</summary>
    public string Package => Path.Combine(_root, "cspupgrades.zip");

    public async Task InitializeAsync()
    {
        var repository = RepositoryRoot();
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine("scripts", "publish.sh"), _root, "--artifacts-path", Path.Combine(_root, "artifacts"),
            "-nodeReuse:false", "--disable-build-servers",

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

        using var publish = Process.Start(start) ?? throw new InvalidOperationException("scripts/publish.sh did not start.");
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
            throw new InvalidOperationException($"scripts/publish.sh took longer than {PublishTimeout.TotalMinutes} minutes:\n{Text(output)}");
        }

        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish.sh failed with exit code {publish.ExitCode}:\n{Text(output)}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
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
