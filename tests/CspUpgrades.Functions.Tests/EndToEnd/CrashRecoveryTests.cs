using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.LocalHost;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Worker;
using Microsoft.Extensions.Logging;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// Billing exactly once when the worker dies mid-upgrade. The app runs as it does in Azure: an isolated worker
/// process under the local Functions host, with <c>Testing:CrashAtUpgradeStep</c> set. The worker takes the queued
/// upgrade and dies at that step (<see cref="Environment.FailFast(string)"/>, on the message's first delivery only:
/// <see cref="UpgradeFaults"/>); the host sees it die, releases the message and restarts the worker, and the
/// redelivery finishes (or just completes) the upgrade. Whatever the step, storage ends with one target, one credit
/// and one charge, and the billing rows equal, property for property, those of a crash-free run of the same upgrade
/// under the host. Own Azurite: the host polls the upgrade queue. Partners, customers and the upgrade requests go
/// through the app on an in-process worker (its queue functions off), on the table the worker process then uses.
/// </summary>
public sealed class CrashRecoveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";

    // The local host's own events (category LocalFunctionsHost.LoggerCategory), by id.
    private const int WorkerDiedEvent = HostLogEvents.WorkerDied;
    private const int InvocationFailedEvent = HostLogEvents.InvocationFailed;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    private WorkerApp _requests = null!;
    private HttpClient _partner = null!;

    public async Task InitializeAsync()
    {
        _requests = await WorkerApp.StartAsync(azurite);
        _partner = await _requests.ClientForPartnerAsync(Partner);
    }

    public async Task DisposeAsync()
    {
        _partner.Dispose();
        await _requests.DisposeAsync();
    }

    /// <summary>Every step the upgrade can die at: a step added to <see cref="UpgradeStep"/> is tested without anyone listing it here.</summary>
    public static TheoryData<UpgradeStep> EveryStep
    {
        get
        {
            var steps = new TheoryData<UpgradeStep>();
            foreach (var step in Enum.GetValues<UpgradeStep>())
            {
                steps.Add(step);
            }

            return steps;
        }
    }

    [Theory]
    [MemberData(nameof(EveryStep))]
    public async Task AWorkerThatDiesAtAnUpgradeStepIsRestartedAndTheRedeliveryFinishesTheUpgradeBillingOnce(UpgradeStep step)
    {
        // The idempotency key makes the operation id (and so every billing key) the same in both runs.
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("crash"));
        var idempotencyKey = customer.CustomerId;
        var (crashFree, crashFreeEvents) = await BillingOfACrashFreeRunAsync(customer, idempotencyKey);

        await Steps.SendEventsAsync(_requests, customer.Profile(), Source(customer));
        var operationId = await Steps.RequestUpgradeAsync(
            _partner, customer.CustomerId, QueuedUpgrade.Source, "o365-business-premium", "upgrade_only", idempotencyKey: idempotencyKey);
        var upgrade = new QueuedUpgrade(Partner, customer.CustomerId, operationId, MessageText: string.Empty);

        var logs = new LogCapture();
        using var loggerFactory = CaptureInto(logs);
        await using (var host = await StartHostAsync(_requests.TableName, loggerFactory, crashAt: step))
        {
            // The first delivery never answered: its worker died (FailFast: SIGABRT, exit code 134 on Linux) and the
            // host failed the invocation with it.
            await logs.WaitForAsync(
                entry => IsHostEvent(entry, InvocationFailedEvent) && Equals(entry["Function"], nameof(ExecuteUpgradeFunction.ExecuteUpgrade))
                    && Equals(entry["Status"], "WorkerLost"),
                WaitLimit, $"the worker to die at {step} with the upgrade in flight");
            var died = (await logs.WaitForAsync(entry => IsHostEvent(entry, WorkerDiedEvent), WaitLimit, "the host to see the worker die"))[0];
            Assert.NotEqual(0, Assert.IsType<int>(died["ExitCode"]));

            // The worker's last words, on its stderr, reached the host's log before the host reported the death.
            Assert.Contains(logs.Entries, entry => entry.Message.Contains($"Injected crash at upgrade step {step}", StringComparison.Ordinal));

            var operation = await Steps.FinishedOperationAsync(_partner, operationId, WaitLimit);
            Assert.Equal("succeeded", operation.GetProperty("status").GetString());
            await Eventually.UntilAsync(async () => await UpgradeQueue().ApproximateCountAsync() == 0, "the redelivered message to be completed", WaitLimit);

            // The second delivery ran in the restarted worker, and the crash fired once: one death, one restart.
            await logs.WaitForAsync(
                entry => entry.Message.Contains($"Upgrade {operationId}: ", StringComparison.Ordinal)
                    && entry.Message.EndsWith("(delivery 2)", StringComparison.Ordinal),
                WaitLimit, "the redelivery's outcome");
            Assert.Empty(logs.Where(entry => entry.Message.Contains($"Upgrade {operationId}: ", StringComparison.Ordinal)
                && entry.Message.EndsWith("(delivery 1)", StringComparison.Ordinal)));
            Assert.Single(logs.Where(entry => IsHostEvent(entry, WorkerDiedEvent)));
            Assert.Equal(1, host.WorkerRestarts);
            Assert.NotNull(host.WorkerProcessId);
        }

        await upgrade.AssertCommittedExactlyOnceAsync(_requests);
        var rows = await Steps.PartitionAsync(_requests, Partner, customer.CustomerId);
        Assert.Equal("active", Assert.Single(rows, row => row.RowKey == TableLayout.SubscriptionRow(upgrade.TargetId)).GetString("Status"));
        Assert.Equal(crashFree, await BillingRows.OfAsync(_requests, Partner, customer.CustomerId));

        // The same events, by id and type, as the crash-free run: an event committed before the crash is published by the
        // redelivery, none is lost, and a repeat (published before the crash and again after) has the same id.
        Assert.Equal(crashFreeEvents, await EventsOfAsync(_partner, customer.CustomerId));
        await Eventually.UntilAsync(
            async () => !(await Steps.PartitionAsync(_requests, Partner, customer.CustomerId))
                .Any(row => row.RowKey!.StartsWith(TableLayout.PublishPrefix, StringComparison.Ordinal)),
            "the outbox to be empty (the feed append comes before the outbox rows' delete)", WaitLimit);
    }

    /// <summary>The customer's upgrade and billing events in the feed: each id once, in the order first published, with its type.</summary>
    private static async Task<IReadOnlyList<string>> EventsOfAsync(HttpClient partner, string customerId)
    {
        var subject = $"customers/{customerId}/";
        var events = await Eventually.ReturnsAsync(
            async () => (await partner.GetFromJsonAsync<JsonElement>(new Uri("/api/events?limit=1000", UriKind.Relative)))
                .GetProperty("events").EnumerateArray()
                .Where(e => e.GetProperty("subject").GetString()!.StartsWith(subject, StringComparison.Ordinal)
                    && e.GetProperty("type").GetString() != "com.cspupgrades.subscription.changed.v1")
                .Select(e => $"{e.GetProperty("type").GetString()} {e.GetProperty("id").GetString()}")
                .Distinct().ToList(),
            found => found.Count >= 4,
            $"the 4 events of {customerId}'s upgrade in the feed",
            WaitLimit);
        Assert.Equal(4, events.Count);
        return events;
    }

    /// <summary>
    /// The same upgrade of an identical customer (same partner, ids and idempotency key) in a table of its own, taken
    /// off the queue by the worker under the host with nothing injected: what the crashed run must end up billing, row for row.
    /// </summary>
    private async Task<(IReadOnlyList<string> Billing, IReadOnlyList<string> Events)> BillingOfACrashFreeRunAsync(CustomerEvents customer, string idempotencyKey)
    {
        await using var reference = await WorkerApp.StartAsync(azurite);
        using var partner = await reference.ClientForPartnerAsync(Partner);
        await Steps.SendEventsAsync(reference, customer.Profile(), Source(customer));
        var operationId = await Steps.RequestUpgradeAsync(
            partner, customer.CustomerId, QueuedUpgrade.Source, "o365-business-premium", "upgrade_only", idempotencyKey: idempotencyKey);

        var logs = new LogCapture();
        using var loggerFactory = CaptureInto(logs);
        await using (var host = await StartHostAsync(reference.TableName, loggerFactory, crashAt: null))
        {
            var operation = await Steps.FinishedOperationAsync(partner, operationId, WaitLimit);
            Assert.Equal("succeeded", operation.GetProperty("status").GetString());
            await Eventually.UntilAsync(async () => await UpgradeQueue().ApproximateCountAsync() == 0, "the crash-free run's message to be completed", WaitLimit);
            Assert.Equal(0, host.WorkerRestarts);
        }

        var billing = await BillingRows.OfAsync(reference, Partner, customer.CustomerId);
        Assert.Equal(2, billing.Count);
        return (billing, await EventsOfAsync(partner, customer.CustomerId));
    }

    /// <summary>The app's build output under the local host, the worker as its own process, on <paramref name="tableName"/>.</summary>
    private Task<LocalFunctionsHost> StartHostAsync(string tableName, ILoggerFactory loggerFactory, UpgradeStep? crashAt)
    {
        var settings = new Dictionary<string, string>
        {
            // The host releases a dead worker's message as it does any failed one: visible again after host.json's
            // visibilityTimeout (30 s in the app's host.json). Overridden, as app settings can in Azure, so the
            // redelivery comes within seconds; an idle queue is polled every 500 ms instead of up to 5 s.
            [WorkerApp.VisibilityTimeoutSetting] = "00:00:01",
            [WorkerApp.MaxPollingIntervalSetting] = "00:00:00.500",

            // A crashing worker writes no dump.
            ["DOTNET_DbgEnableMiniDump"] = "0",
        };
        if (crashAt is { } step)
        {
            settings["Testing__CrashAtUpgradeStep"] = step.ToString();

            // The app refuses the crash step anywhere else.
            settings["DOTNET_ENVIRONMENT"] = "Development";
        }

        return WorkerApp.StartWorkerProcessAsync(azurite, tableName, settings, loggerFactory);
    }

    private static ILoggerFactory CaptureInto(LogCapture logs) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(logs));

    private static bool IsHostEvent(LogEntry entry, int eventId) =>
        entry.Category == LocalFunctionsHost.LoggerCategory && entry.EventId.Id == eventId;

    private QueueClient UpgradeQueue() => new(azurite.ConnectionString, Functions.Upgrades.UpgradeQueue.Name, StorageClientDefaults.QueueOptions());

    private static Functions.ReceiveSubscriptionEvent.SubscriptionEvent Source(CustomerEvents customer) =>
        customer.Subscription(QueuedUpgrade.Source, "o365-business-essentials", 10, "5.00");
}
