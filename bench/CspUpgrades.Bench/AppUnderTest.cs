using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.Telemetry;

namespace CspUpgrades.Bench;

/// <summary>
/// The app's Release executable as its own process, started the way run.sh starts it (local trigger runner on, so
/// queue messages are executed), on a free loopback port, with its per-function storage request counts turned on.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    public const string WebhookSecret = "whsec_YmVuY2gtd2ViaG9vay1zZWNyZXQtMzItYnl0ZXMtbG9uZyE=";

    // Timers only when the benchmark invokes them: a scheduled sweep or audit would land inside a measurement.
    private const string Never = "0 0 0 1 1 *";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppUnderTest(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            // The audit of the largest data set answers only when it has finished.
            Timeout = TimeSpan.FromMinutes(10),
        };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>Keep-alive connections to the app, shared by every caller.</summary>
    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    /// <summary>From starting the process to its first answered request (GET /api/health → 200).</summary>
    public TimeSpan StartedIn { get; private set; }

    /// <summary>Starts <paramref name="app"/> (an executable, or a .dll run by <c>dotnet</c>) on <paramref name="tableName"/>.</summary>
    public static async Task<AppUnderTest> StartAsync(string app, string storageConnectionString, string tableName)
    {
        var port = FreePort();
        var dll = app.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(dll ? (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet") : app)
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(app))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll)
        {
            start.ArgumentList.Add(Path.GetFullPath(app));
        }

        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment.Remove(HostingMode.CustomHandlerPortVariable);
        start.Environment[AppSettings.Storage] = storageConnectionString;
        start.Environment[AppSettings.StorageTableName] = tableName;
        start.Environment[AppSettings.WebhookSecret] = WebhookSecret;
        start.Environment[AppSettings.LocalRunnerEnabled] = "true";
        start.Environment[AppSettings.StorageRequestDiagnostics] = "true";
        start.Environment[AppSettings.ApiKeyCacheDuration] = "00:30:00";
        start.Environment[AppSettings.AuditSchedule] = Never;
        start.Environment[AppSettings.StuckOperationSweepSchedule] = Never;
        start.Environment[AppSettings.AspNetCoreUrls] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{app} did not start.");
        var running = new AppUnderTest(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri(running.BaseAddress, "/api/health");
        while (true)
        {
            if (process.HasExited || stopwatch.Elapsed > TimeSpan.FromSeconds(60))
            {
                var output = running.Output();
                await running.DisposeAsync();
                throw new InvalidOperationException($"The app did not answer within 60 s (exited: {process.HasExited}). Its output:\n{output}");
            }

            try
            {
                using var response = await probe.GetAsync(health);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    running.StartedIn = stopwatch.Elapsed;
                    return running;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too slow to answer within the probe's 2 s on a busy machine: the 60 s limit decides.
            }

            await Task.Delay(5);
        }
    }

    /// <summary>The app's own count of its storage requests, process-wide and per function.</summary>
    public async Task<StorageRequestReport> StorageRequestsAsync() =>
        await Http.GetFromJsonAsync<StorageRequestReport>(new Uri(StorageRequestDiagnostics.Path, UriKind.Relative))
        ?? throw new InvalidOperationException("No storage request report.");

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length > 256 * 1024)
            {
                _output.Remove(0, 128 * 1024);
            }

            _output.AppendLine(line);
        }
    }
}
