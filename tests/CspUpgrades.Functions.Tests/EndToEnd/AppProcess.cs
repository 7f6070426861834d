using System.Diagnostics;
using System.Text;
using CspUpgrades.Functions.Hosting;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// The app as its own process (<c>dotnet CspUpgrades.Functions.dll</c> from the test's output folder), run on
/// its own the way <c>run.sh</c> runs it: local trigger runner polling. Needed where the app must be allowed
/// to die (an injected crash ends the process, which an in-memory app would take the test run down with).
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the app with <paramref name="settings"/> as environment variables (<c>Section__Key</c>).</summary>
    public static AppProcess Start(string storageConnectionString, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CspUpgrades.Functions.dll"));
        start.Environment[FunctionManifest.StorageConnectionSetting] = storageConnectionString;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment.Remove(HostingMode.CustomHandlerPortVariable);
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        return new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("The app process did not start."));
    }

    /// <summary>Waits for the process to end on its own (an injected crash), up to <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The app did not exit within {timeout.TotalSeconds} s. Its output:\n{Output()}");
        }
    }

    /// <summary>Everything the process printed so far.</summary>
    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 256 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
