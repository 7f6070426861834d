using System.Diagnostics;
using System.Net;
using System.Text;
using CspUpgrades.Functions.Settings;
using CspUpgrades.LocalHost;
using CspUpgrades.Testing.App;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Bench;

/// <summary>
/// The app as a .NET isolated worker, run as deployed: its unpacked deployment package or a build output
/// (functions.metadata, worker.config.json, host.json at the root) under the local Functions host (<c>tools/CspUpgrades.LocalHost</c>, here as a library in this process), the
/// worker a process of its own started from worker.config.json. The host serves HTTP on a free loopback port, polls the
/// queues with host.json's settings and fires timers when asked through its admin API, as the Functions host does. Its
/// storage is the <see cref="StorageProxy"/>'s, which counts the worker's requests and the host's from outside.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    /// <summary>The app's webhook secret (<see cref="AppProcess.Settings"/>); timers fire only when the benchmark fires them.</summary>
    public const string WebhookSecret = AppProcess.WebhookSecret;

    // An app setting over host.json's functionTimeout, as the Functions host reads it (the local host does too).
    private const string FunctionTimeoutSetting = "AzureFunctionsJobHost__functionTimeout";

    private readonly LocalFunctionsHost _host;
    private readonly HostLogWatch _log;
    private readonly ILoggerFactory _loggerFactory;
    private readonly StorageProxy _storage;

    private AppUnderTest(LocalFunctionsHost host, HostLogWatch log, ILoggerFactory loggerFactory, StorageProxy storage)
    {
        _host = host;
        _log = log;
        _loggerFactory = loggerFactory;
        _storage = storage;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromMinutes(1),
        };
    }

    /// <summary>Keep-alive connections to the host's HTTP port, shared by every caller.</summary>
    public HttpClient Http { get; }

    /// <summary>The worker's process: the app's memory.</summary>
    public int ProcessId => _host.WorkerProcessId ?? throw new InvalidOperationException("The worker is not running (restarting?). Host log:\n" + Output());

    /// <summary>From starting the host to the app's first answered request (GET /api/health → 200): host, worker process, functions loaded.</summary>
    public TimeSpan StartedIn { get; private set; }

    /// <summary>Where <see cref="StartedIn"/> went, phase by phase (they add up to it).</summary>
    public IReadOnlyList<StartPhase> StartPhases { get; private set; } = [];

    /// <summary>The host's log, as the benchmark reads it.</summary>
    public HostLogWatch Log => _log;

    /// <summary>Requests the host has sent to the storage account's queue service: receives, deletes, idle polls, poison moves.</summary>
    public long HostQueueRequests => _storage.HostRequests;

    /// <summary>Requests the app's worker has sent to storage (every attempt), counted by the proxy in front of it.</summary>
    public long WorkerStorageRequests => _storage.WorkerRequests;

    /// <summary>
    /// Starts the app in <paramref name="appDirectory"/> (its build output) on <paramref name="tableName"/>, its storage through
    /// <paramref name="storage"/>, with <paramref name="moreSettings"/> besides the benchmark's own (e.g. Entra ID's).
    /// </summary>
    public static async Task<AppUnderTest> StartAsync(string appDirectory, StorageProxy storage, string tableName, IReadOnlyDictionary<string, string>? moreSettings = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var log = new HostLogWatch();
        var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(log));
        var settings = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            [AppSettings.ApiKeyCacheDuration] = "00:30:00",

            // The benchmark measures how long the largest audit takes, not whether it fits host.json's 5 minutes: on a
            // quiet machine it takes about half a minute, on a crowded one it has run past 5 minutes and been cancelled.
            // 30 minutes is Flex Consumption's default limit.
            [FunctionTimeoutSetting] = "00:30:00",
        };
        foreach (var (name, value) in moreSettings ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        var began = Stopwatch.GetTimestamp();
        LocalFunctionsHost host;
        try
        {
            host = await AppProcess.StartAsync(appDirectory, storage.AppConnectionString, tableName, settings, loggerFactory);
        }
        catch (Exception e)
        {
            loggerFactory.Dispose();
            throw new InvalidOperationException($"The app did not start under the local host: {e.Message}\nHost log:\n{log.Output()}", e);
        }

        var returned = Stopwatch.GetTimestamp();
        var running = new AppUnderTest(host, log, loggerFactory, storage);
        try
        {
            // The host is ready when the worker has loaded every function and accepts connections: the first request is
            // the worker's first (its HTTP path is compiled now).
            using var health = await running.Http.GetAsync(new Uri("/api/health", UriKind.Relative));
            if (health.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET /api/health answered {(int)health.StatusCode}. Host log:\n{running.Output()}");
            }

            var answered = Stopwatch.GetTimestamp();
            running.StartedIn = Stopwatch.GetElapsedTime(began, answered);
            running.StartPhases = StartPhase.Of(log.Start, began, returned, answered);
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    /// <summary>The worker's storage requests per invocation of <paramref name="function"/> while <paramref name="calls"/> ran, and only
    /// that function was invoked: counted at the storage proxy, invocations in the host's log.</summary>
    public async Task<double> StorageRequestsPerInvocationAsync(string function, Func<Task> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var (requests, invocations) = (WorkerStorageRequests, _log.Ended(function));
        await calls();

        // The host logs an invocation's end just after its HTTP answer went out: wait for the last ones.
        for (var ended = -1L; ended != _log.Ended(function);)
        {
            ended = _log.Ended(function);
            await Task.Delay(200);
        }

        var ran = _log.Ended(function) - invocations;
        return ran == 0 ? double.NaN : (double)(WorkerStorageRequests - requests) / ran;
    }

    /// <summary>
    /// Fires a timer function now through the host's admin API (202), as an operator would, and waits until that
    /// invocation has finished; throws if it failed.
    /// </summary>
    public async Task RunTimerAsync(string function, TimeSpan timeout)
    {
        var finished = _log.NextInvocationEnd(function);
        using var fired = await Http.PostAsync(
            new Uri("/admin/functions/" + function, UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        if (fired.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The host did not fire {function}: {(int)fired.StatusCode} {await fired.Content.ReadAsStringAsync()}");
        }

        var error = await finished.WaitAsync(timeout);
        if (error is not null)
        {
            throw new InvalidOperationException($"{function} failed: {error}\nHost log:\n{Output()}");
        }
    }

    /// <summary>The warnings and errors the host and the worker logged lately.</summary>
    public string Output() => _log.Output();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.DisposeAsync();
        _loggerFactory.Dispose();
    }
}

/// <summary>One phase of a start, in milliseconds from the end of the one before.</summary>
internal sealed record StartPhase(string Name, double Milliseconds)
{
    public const string HostUp = "host: app read, gRPC server up, worker process spawned";
    public const string WorkerBoot = "worker process: .NET start, worker host built → gRPC StartStream";
    public const string WorkerInit = "WorkerInitRequest → WorkerInitResponse";
    public const string FunctionsLoaded = "function metadata + FunctionLoadRequests";
    public const string WorkerHttp = "until the worker's HTTP port accepts (host ready)";
    public const string HostHttp = "host's HTTP port and triggers up";
    public const string FirstAnswer = "first GET /api/health answered";
    public const string FirstInvocation = "… of which its invocation in the worker (first call: JIT)";

    /// <summary>The phases from the host's log; a step the log lacks leaves its time to the next phase.</summary>
    public static IReadOnlyList<StartPhase> Of(HostLogWatch.StartTimeline timeline, long began, long returned, long answered)
    {
        var phases = new List<StartPhase>();
        var from = began;
        void Until(string name, long? to)
        {
            if (to is { } end && end >= from)
            {
                phases.Add(new(name, Stopwatch.GetElapsedTime(from, end).TotalMilliseconds));
                from = end;
            }
        }

        Until(HostUp, timeline.WorkerStarting);
        Until(WorkerBoot, timeline.StreamOpened);
        Until(WorkerInit, timeline.Connected);
        Until(FunctionsLoaded, timeline.LastFunctionLoaded);
        Until(WorkerHttp, timeline.Ready);
        Until(HostHttp, returned);
        Until(FirstAnswer, answered);
        if (timeline is { FirstInvocationStarted: { } start, FirstInvocationEnded: { } end })
        {
            phases.Add(new(FirstInvocation, Stopwatch.GetElapsedTime(start, end).TotalMilliseconds));
        }

        return phases;
    }
}
