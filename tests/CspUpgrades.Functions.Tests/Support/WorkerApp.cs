using System.Reflection;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.LocalHost;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CspUpgrades.Functions.Tests.Support;

/// <summary>
/// The app as a .NET isolated worker: its build output under the local Functions host, the worker inside the test process
/// (the app's own <see cref="WorkerApplication"/> composition with the test's overrides), real Azurite and a table of its own.
/// Requests go test → host → the worker's Kestrel over real ports; the host drives the worker over real gRPC.
/// </summary>
public sealed class WorkerApp : IAsyncDisposable
{
    private WorkerApp(LocalFunctionsHost host, InProcessWorkerApp worker, string tableName)
    {
        Host = host;
        Worker = worker;
        TableName = tableName;
    }

    public static string AppDirectory { get; } =
        typeof(WorkerApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppDirectory").Value!;

    public LocalFunctionsHost Host { get; }

    public InProcessWorkerApp Worker { get; }

    public string TableName { get; }

    /// <param name="processQueues">
    /// Whether the host runs the queue functions. Off by default: the upgrade queue is shared by every test of the
    /// Azurite collection, and most leave messages behind that this worker would take (<c>AzureWebJobs.*.Disabled</c>).
    /// </param>
    public static async Task<WorkerApp> StartAsync(
        AzuriteFixture azurite, IDictionary<string, string>? settings = null, Action<IServiceCollection>? overrideServices = null, bool processQueues = false)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var values = new Dictionary<string, string>
        {
            [$"AzureWebJobs.{FunctionManifest.ExecuteUpgrade.Name}.Disabled"] = processQueues ? "false" : "true",
            [$"AzureWebJobs.{FunctionManifest.FailPoisonedUpgrade.Name}.Disabled"] = processQueues ? "false" : "true",

            // Far in the future: timers fire only when a test fires them through the admin API.
            [FunctionManifest.AuditScheduleSetting] = "0 0 0 1 1 *",
            [FunctionManifest.StuckOperationSweepScheduleSetting] = "0 0 0 1 1 *",
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            [FunctionManifest.StorageConnectionSetting] = azurite.ConnectionString,
            ["Storage__TableName"] = AzuriteFixture.UniqueName("app"),
            ["Webhooks__Secret"] = CspUpgradesApp.WebhookSecret,
            ["Security__ApiKeyCacheDuration"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var worker = new InProcessWorkerApp(typeof(WorkerApplication).Assembly, WorkerApplication.CreateBuilder, overrideServices);
        var options = new LocalHostOptions { AppDirectory = AppDirectory, Port = 0, SettingOverrides = values, StartWorkerInProcess = worker.StartAsync };
        var host = await LocalFunctionsHost.StartAsync(options, NullLoggerFactory.Instance);
        return new WorkerApp(host, worker, values["Storage__TableName"]);
    }

    public T Service<T>() where T : notnull => Worker.Services.GetRequiredService<T>();

    public HttpClient CreateClient() => new() { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
