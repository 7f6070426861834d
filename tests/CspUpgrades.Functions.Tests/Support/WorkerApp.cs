using System.Reflection;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.AuditBlockedUpgrades;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.FailPoisonedUpgrade;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.LocalHost;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.App;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Testing.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>
/// The app as a .NET isolated worker: its build output under the local Functions host, the worker inside the test process
/// (the app's own <see cref="WorkerApplication"/> composition with the test's overrides), real Azurite and a table of its own.
/// Requests go test → host → the worker's Kestrel over real ports; the host drives the worker over real gRPC, and fires
/// queue and timer functions as Azure does (a message on the queue, the timer's admin endpoint).
/// </summary>
public sealed class WorkerApp : IAsyncDisposable
{
    /// <summary>Pass this setting (e.g. <c>other.TableName</c>) to make a second instance of the app share a table.</summary>
    public const string TableNameSetting = "Storage__TableName";

    /// <summary>host.json's <c>extensions.queues.maxPollingInterval</c>, as an app setting overrides it.</summary>
    public const string MaxPollingIntervalSetting = "AzureFunctionsJobHost__extensions__queues__maxPollingInterval";

    /// <summary>host.json's <c>extensions.queues.visibilityTimeout</c> (how long a failed message waits before its retry).</summary>
    public const string VisibilityTimeoutSetting = "AzureFunctionsJobHost__extensions__queues__visibilityTimeout";

    private readonly AzuriteFixture _azurite;

    private readonly ILoggerFactory _hostLoggerFactory;

    private WorkerApp(LocalFunctionsHost host, InProcessWorkerApp worker, LogCapture hostLog, ILoggerFactory hostLoggerFactory, string tableName, AzuriteFixture azurite)
    {
        _hostLoggerFactory = hostLoggerFactory;
        Host = host;
        HostLog = hostLog;
        Worker = worker;
        TableName = tableName;
        _azurite = azurite;
    }

    public static string AppDirectory { get; } =
        typeof(WorkerApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppDirectory").Value!;

    public LocalFunctionsHost Host { get; }

    public InProcessWorkerApp Worker { get; }

    /// <summary>Everything the host logged: each invocation's start and result, the worker's log lines inside it, poisoned messages.</summary>
    public LogCapture HostLog { get; }

    public string TableName { get; }

    /// <summary>A client of the app's table, for a test's own reads; its requests count in a test's <see cref="StorageRequestRecorder"/> scopes.</summary>
    public TableClient Table => new(_azurite.ConnectionString, TableName, StorageRequestRecorder.AddTo(StorageClientDefaults.TableOptions()));

    /// <param name="settings">App settings in their environment form (<c>Section__Key</c>), over the defaults below.</param>
    /// <param name="hostLogs">Where else the Functions host logs (the worker's log lines reach it as well), beside <see cref="HostLog"/>.</param>
    /// <param name="processQueues">
    /// Whether the host runs the queue functions. Off by default: the upgrade queue is shared by every test of the
    /// Azurite collection, and most leave messages behind that this worker would take (<c>AzureWebJobs.*.Disabled</c>).
    /// On, the host polls at least every 100 ms and retries a failed message at once (host.json: 5 s and 30 s), through
    /// the same <c>AzureFunctionsJobHost__*</c> settings that tune a deployed app; <paramref name="settings"/> may say otherwise.
    /// </param>
    public static async Task<WorkerApp> StartAsync(
        AzuriteFixture azurite, IDictionary<string, string>? settings = null, Action<IServiceCollection>? overrideServices = null, bool processQueues = false,
        ILoggerProvider? hostLogs = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var values = AppProcess.Settings(azurite.ConnectionString, AzuriteFixture.UniqueName("app"));
        values[$"AzureWebJobs.{nameof(ExecuteUpgradeFunction.ExecuteUpgrade)}.Disabled"] = processQueues ? "false" : "true";
        values[$"AzureWebJobs.{nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade)}.Disabled"] = processQueues ? "false" : "true";
        values["Security__ApiKeyCacheDuration"] = "00:00:00";
        // The event feed shows an append after this long (default 5 s): short enough for tests to wait on, long enough for a busy Azurite.
        values["Events__FeedSettleTime"] = "00:00:02";
        if (processQueues)
        {
            values[MaxPollingIntervalSetting] = "00:00:00.100";
            values[VisibilityTimeoutSetting] = "00:00:00";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var worker = new InProcessWorkerApp(typeof(WorkerApplication).Assembly, WorkerApplication.CreateBuilder, overrideServices);
        var options = new LocalHostOptions { AppDirectory = AppDirectory, Port = 0, SettingOverrides = values, StartWorkerInProcess = worker.StartAsync };
        var hostLog = new LogCapture();
        var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace).AddProvider(hostLog);
            if (hostLogs is not null)
            {
                logging.AddProvider(hostLogs);
            }
        });
        LocalFunctionsHost? host = null;
        try
        {
            host = await LocalFunctionsHost.StartAsync(options, loggerFactory);

            // Tests read the worker's container (keys, stores) before their first request, and whatever they record of its
            // storage requests starts after its start-up's (the table and queues it creates): wait until it has started.
            await host.WaitForWorkerAsync();
            await WhenStartedAsync(worker.Services.GetRequiredService<IHostApplicationLifetime>());
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            loggerFactory.Dispose();
            throw;
        }

        return new WorkerApp(host, worker, hostLog, loggerFactory, values[TableNameSetting], azurite);
    }

    /// <summary>
    /// The app in <paramref name="appDirectory"/> (default: its build output) under the local host with the worker as a
    /// process of its own, the host's default and how Azure runs it, on <paramref name="tableName"/>; for tests that kill
    /// the worker, or whose worker must not share the test process (process-wide instrumentation). The benchmark starts the
    /// app the same way (<see cref="AppProcess"/>).
    /// </summary>
    /// <param name="settings">App settings in their environment form, over <see cref="AppProcess.Settings"/>.</param>
    public static Task<LocalFunctionsHost> StartWorkerProcessAsync(
        AzuriteFixture azurite, string tableName, IReadOnlyDictionary<string, string>? settings = null, ILoggerFactory? loggerFactory = null,
        string? appDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        return AppProcess.StartAsync(appDirectory ?? AppDirectory, azurite.ConnectionString, tableName, settings, loggerFactory);
    }

    private static async Task WhenStartedAsync(IHostApplicationLifetime lifetime)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    public T Service<T>() where T : notnull => Worker.Services.GetRequiredService<T>();

    /// <summary>
    /// A client for the host's address. Header values go out as UTF-8 bytes, as any client may send them (HttpClient
    /// refuses non-ASCII by default); a body without a length goes out chunked.
    /// </summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = Host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>A client that sends a new API key of <paramref name="partner"/> with <paramref name="scope"/> (default: everything).</summary>
    public async Task<HttpClient> ClientForPartnerAsync(string partner, PartnerPermission scope = PartnerPermission.Write)
    {
        var key = await Service<PartnerApiKeyStore>().CreateKeyAsync(new PartnerId(partner), "test", TimeProvider.System, scope);
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Reveal());
        return client;
    }

    public async Task<HttpResponseMessage> PostEventAsync(object subscriptionEvent, string? eventId = null, DateTimeOffset? signedAt = null)
    {
        using var request = ClientRequests.SignedEvent(subscriptionEvent, eventId, signedAt);
        using var client = CreateClient();
        return await client.SendAsync(request);
    }

    /// <summary>Fires the audit timer through the host's admin endpoint, as an operator would, and waits for the run it started to complete.</summary>
    public async Task<string> RunAuditAsync()
    {
        var run = await FireTimerAsync(nameof(AuditBlockedUpgradesFunction.AuditBlockedUpgrades));
        Assert.True(run.Succeeded, HostLog.Recent());
        return await Service<AuditReportStore>().LatestRunIdAsync() ?? throw new InvalidOperationException("The audit completed no run.");
    }

    /// <summary>Fires a timer function through the host's admin endpoint and waits until the host has its result.</summary>
    public async Task<HostInvocation> FireTimerAsync(string function)
    {
        var before = HostLog.Invocations(function).Count;
        using var client = CreateClient();
        using var fired = await client.PostAsync(new Uri("admin/functions/" + function, UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, fired.StatusCode);
        var after = await Eventually.ReturnsAsync(() => Task.FromResult(HostLog.Invocations(function)), done => done.Count > before, $"{function} to run");
        return after[before];
    }

    /// <summary>
    /// A second instance of the app on this one's table and storage account that runs the queue functions, as a scaled-out
    /// app's other instance would: this one takes requests and leaves its messages, the runner delivers them.
    /// </summary>
    public Task<WorkerApp> StartQueueRunnerAsync(
        IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? overrideServices = null, ILoggerProvider? hostLogs = null)
    {
        var values = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { [TableNameSetting] = TableName };
        return StartAsync(_azurite, values, overrideServices, processQueues: true, hostLogs);
    }

    /// <summary>A queue of the app's storage account (e.g. <see cref="UpgradeQueue.Name"/>), as the host reads it.</summary>
    public QueueClient Queue(string name) => new(_azurite.ConnectionString, name, StorageClientDefaults.QueueOptions());

    /// <summary>Puts <paramref name="messageText"/> on the upgrade queue, for the host to deliver to ExecuteUpgrade (when this app processes queues).</summary>
    public async Task SendUpgradeMessageAsync(string messageText) => await Queue(UpgradeQueue.Name).SendMessageAsync(messageText);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _hostLoggerFactory.Dispose();
    }
}
