using System.Reflection;
using Azure.Storage.Queues;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.LocalHost.Tests;

[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostEnvironment>
{
    public const string Name = "LocalHost";
}

/// <summary>
/// One Azurite and one local host running the fixture app for the whole collection (tests in it run one after the
/// other). Test timings: the fixture's host.json (visibilityTimeout 1 s, maxDequeueCount 3, maxPollingInterval
/// 500 ms), a 6 s queue lease (renewed every 3 s), a timer every 2 s, and a 2.5 s timer function every second.
/// </summary>
public sealed class LocalHostEnvironment : IAsyncLifetime
{
    // Renewed every 3 s: only a stall of more than 3 s on a loaded machine lets a running message reappear
    // (a 3 s lease, renewed every 1.5 s, did once in a CI run next to two other builds).
    public static readonly TimeSpan QueueLease = TimeSpan.FromSeconds(6);

    public AzuriteFixture Azurite { get; } = new();

    public LogCapture Logs { get; } = new();

    public LocalFunctionsHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string WorkQueueName { get; } = AzuriteFixture.UniqueName("work");

    public QueueClient WorkQueue => Queue(WorkQueueName);

    public QueueClient PoisonQueue => Queue(WorkQueueName + "-poison");

    public static string FixtureAppDirectory { get; } =
        typeof(LocalHostEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FixtureAppDirectory").Value!;

    public QueueClient Queue(string name) => new(Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public LocalHostOptions Options(LocalHostOptions? overrides = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var values = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["WorkQueue"] = WorkQueueName,
            ["TickSchedule"] = "*/2 * * * * *",
            ["SlowTickSchedule"] = "* * * * * *",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return (overrides ?? new LocalHostOptions { AppDirectory = FixtureAppDirectory }) with
        {
            AppDirectory = FixtureAppDirectory,
            Port = 0,
            SettingOverrides = values,
            QueueMessageLease = QueueLease,
            RestartBackoff = TimeSpan.FromMilliseconds(200),
            ShutdownGrace = TimeSpan.FromSeconds(3),
        };
    }

    public static ILoggerFactory LoggerFactoryFor(LogCapture capture) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Grpc", LogLevel.Information).AddProvider(capture));

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        await WorkQueue.CreateIfNotExistsAsync();
        Host = await LocalFunctionsHost.StartAsync(Options(), LoggerFactoryFor(Logs));
        Http = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}
