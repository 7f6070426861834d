using System.Net;
using System.Net.Sockets;
using System.Reflection;
using CspUpgrades.LocalHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging.Debug;
using Microsoft.Extensions.Logging.EventSource;

namespace CspUpgrades.Testing.Worker;

/// <summary>
/// An isolated worker app run inside the test process as the local host's worker: pass <see cref="StartAsync"/> as
/// <see cref="LocalHostOptions.StartWorkerInProcess"/>. Each start builds the app's own composition (its public builder
/// method, the one its Program calls), applies the test's registration overrides, and connects it to the host by
/// configuration; <see cref="Services"/> is the running worker's container.
/// </summary>
public sealed class InProcessWorkerApp
{
    // The worker reads its start-up code from Assembly.GetEntryAssembly() while it builds: one build at a time.
    private static readonly SemaphoreSlim BuildGate = new(1, 1);
    private static readonly Lock LiveGate = new();
    private static string? liveAppDirectory;
    private static int liveWorkers;

    private readonly Assembly _appAssembly;
    private readonly Func<string[], FunctionsApplicationBuilder> _createBuilder;
    private readonly Action<IServiceCollection> _overrideServices;
    private volatile RunningWorker? _current;

    /// <param name="appAssembly">The app's assembly: it carries the Worker SDK's generated start-up code.</param>
    /// <param name="createBuilder">The app's public builder method (what its Program builds and runs).</param>
    /// <param name="overrideServices">Registration overrides applied after the app's own, before Build.</param>
    public InProcessWorkerApp(Assembly appAssembly, Func<string[], FunctionsApplicationBuilder> createBuilder, Action<IServiceCollection>? overrideServices = null)
    {
        ArgumentNullException.ThrowIfNull(appAssembly);
        ArgumentNullException.ThrowIfNull(createBuilder);
        _appAssembly = appAssembly;
        _createBuilder = createBuilder;
        _overrideServices = overrideServices ?? (_ => { });
    }

    /// <summary>The container of the worker running now (the latest one started, after a restart the new one).</summary>
    public IServiceProvider Services => _current?.Services ?? throw new InvalidOperationException("No in-process worker has started yet.");

    /// <summary>The worker's own HTTP address (its ASP.NET Core integration), its own port on 127.0.0.1.</summary>
    public Uri HttpUri => _current?.HttpUri ?? throw new InvalidOperationException("No in-process worker has started yet.");

    /// <summary>Builds and starts one worker for the local host; matches <see cref="InProcessWorkerStarter"/>.</summary>
    public async Task<IInProcessWorker> StartAsync(InProcessWorkerStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        Claim(start.AppDirectory);
        IHost host;
        Uri httpUri;
        try
        {
            await BuildGate.WaitAsync(cancellationToken);
            try
            {
                (host, httpUri) = Build(start);
            }
            finally
            {
                BuildGate.Release();
            }
        }
        catch
        {
            Release();
            throw;
        }

        var worker = new RunningWorker(host, httpUri);
        _ = worker.Stopped.ContinueWith(_ => Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // Current before it starts: the worker may finish its handshake, and the host call it ready, before StartAsync returns.
        var previous = _current;
        _current = worker;
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            _current = previous;
            await worker.DisposeAsync();
            throw;
        }

        return worker;
    }

    private (IHost Host, Uri HttpUri) Build(InProcessWorkerStart start)
    {
        // Read from the environment, not configuration: at function load and for host.json's routePrefix.
        Environment.SetEnvironmentVariable("FUNCTIONS_APPLICATION_DIRECTORY", start.AppDirectory);
        Environment.SetEnvironmentVariable("FUNCTIONS_WORKER_DIRECTORY", start.AppDirectory);
        var testEntryAssembly = Assembly.GetEntryAssembly();
        Assembly.SetEntryAssembly(_appAssembly);
        try
        {
            // A worker process gets the settings as environment variables, where "Section__Key" means "Section:Key", present from
            // its first line on: the app's builder reads them, as the command line, before it returns.
            var settings = new Dictionary<string, string>(start.Settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value))
            {
                ["Functions:Worker:HostEndpoint"] = start.HostEndpoint.AbsoluteUri,
                ["Functions:Worker:WorkerId"] = start.WorkerId,
                ["Functions:Worker:RequestId"] = start.RequestId,
                ["Functions:Worker:GrpcMaxMessageLength"] = start.GrpcMaxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var builder = _createBuilder([.. settings.Select(setting => $"--{setting.Key}={setting.Value}")]);

            // The ASP.NET Core integration's port is a process-wide static: each in-process worker gets a port of its own.
            var port = FreeLoopbackPort();
            var httpUri = new Uri($"http://127.0.0.1:{port}/");
            builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            builder.Services.PostConfigure<WorkerOptions>(worker => worker.Capabilities["HttpUri"] = httpUri.AbsoluteUri);

            // Its logs reach the host as RpcLog, as a worker process's do; not also on the test's console.
            builder.Logging.AddFilter<ConsoleLoggerProvider>(_ => false);
            builder.Logging.AddFilter<DebugLoggerProvider>(_ => false);
            builder.Logging.AddFilter<EventSourceLoggerProvider>(_ => false);
            _overrideServices(builder.Services);
            return (builder.Build(), httpUri);
        }
        finally
        {
            Assembly.SetEntryAssembly(testEntryAssembly);
        }
    }

    /// <summary>
    /// FUNCTIONS_APPLICATION_DIRECTORY is one value per process: workers of the same app may run side by side,
    /// workers of two different apps may not.
    /// </summary>
    private static void Claim(string appDirectory)
    {
        lock (LiveGate)
        {
            if (liveWorkers > 0 && !string.Equals(liveAppDirectory, appDirectory, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"An in-process worker of {liveAppDirectory} is still running: a worker of {appDirectory} cannot run beside it in the same process, "
                    + "because the worker reads its app directory from the process-wide FUNCTIONS_APPLICATION_DIRECTORY. Stop the other host first.");
            }

            liveAppDirectory = appDirectory;
            liveWorkers++;
        }
    }

    private static void Release()
    {
        lock (LiveGate)
        {
            liveWorkers--;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RunningWorker : IInProcessWorker
    {
        private readonly IHost _host;
        private readonly IHostApplicationLifetime _lifetime;
        private int _disposed;

        public RunningWorker(IHost host, Uri httpUri)
        {
            _host = host;
            HttpUri = httpUri;
            _lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

            // WorkerTerminate makes the worker call StopApplication; this then stops the host, as Run would in a process.
            Stopped = host.WaitForShutdownAsync();
        }

        public IServiceProvider Services => _host.Services;

        public Uri HttpUri { get; }

        public Task Stopped { get; }

        public void BeginStop()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _lifetime.StopApplication();
            }
        }

        public async ValueTask DisposeAsync()
        {
            BeginStop();
            await Stopped.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _host.Dispose();
            }
        }
    }
}
