using CspUpgrades.Storage.Clients;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// Billing exactly once when the worker dies mid-upgrade: the app runs as its own process with
/// <c>Testing:CrashAtUpgradeStep</c> set, takes the queued upgrade and dies at that step; a fresh process
/// then gets the message again when its lease runs out, and finishes (or just completes) it. Whatever the
/// step, storage ends with one target, one credit and one charge, and the billing rows equal, property for property,
/// those of a crash-free run of the same upgrade. Own Azurite: the processes poll the queue.
/// </summary>
public sealed class CrashRecoveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Partner = "partner-a";
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private readonly CspUpgradesApp _requests = new(azurite);
    private HttpClient _partner = null!;

    public async Task InitializeAsync() => _partner = await _requests.ClientForPartnerAsync(Partner);

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
    public async Task AWorkerThatDiesAtAnUpgradeStepLeavesTheRedeliveryToFinishAndBillsOnce(UpgradeStep step)
    {
        // The idempotency key makes the operation id (and so every billing key) the same in both runs.
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("crash"));
        var idempotencyKey = customer.CustomerId;
        var crashFree = await BillingOfACrashFreeRunAsync(customer, idempotencyKey);

        await Steps.SendEventsAsync(_requests, customer.Profile(), Source(customer));
        var operationId = await Steps.RequestUpgradeAsync(
            _partner, customer.CustomerId, QueuedUpgrade.Source, "o365-business-premium", "upgrade_only", idempotencyKey: idempotencyKey);
        var upgrade = new QueuedUpgrade(Partner, customer.CustomerId, operationId, MessageText: string.Empty);

        await using (var crashing = AppProcess.Start(azurite.ConnectionString, Settings(crashAt: step)))
        {
            await crashing.WaitForExitAsync(ProcessTimeout);
            Assert.NotEqual(0, crashing.ExitCode);
            Assert.Contains($"Injected crash at upgrade step {step}", crashing.Output(), StringComparison.Ordinal);
        }

        // The crash left the message in the queue, invisible until its lease ends.
        var queue = new QueueClient(azurite.ConnectionString, FunctionManifest.UpgradeQueue, StorageClientDefaults.QueueOptions());
        Assert.Equal(1, await queue.ApproximateCountAsync());

        await using (var recovering = AppProcess.Start(azurite.ConnectionString, Settings(crashAt: null)))
        {
            var operation = await Steps.FinishedOperationAsync(_partner, operationId, ProcessTimeout);
            Assert.Equal("succeeded", operation.GetProperty("status").GetString());
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, "the redelivered message to be completed", ProcessTimeout);
            Assert.False(recovering.HasExited, recovering.Output());
        }

        await upgrade.AssertCommittedExactlyOnceAsync(_requests);
        var rows = await Steps.PartitionAsync(_requests, Partner, customer.CustomerId);
        Assert.Equal("active", Assert.Single(rows, row => row.RowKey == TableLayout.SubscriptionRow(upgrade.TargetId)).GetString("Status"));
        Assert.Equal(crashFree, await BillingRows.OfAsync(_requests, Partner, customer.CustomerId));
    }

    /// <summary>
    /// The same upgrade of an identical customer (same partner, ids and idempotency key) in a table of its own,
    /// executed once in-process with nothing injected: what the crashed run must end up billing, row for row.
    /// </summary>
    private async Task<IReadOnlyList<string>> BillingOfACrashFreeRunAsync(CustomerEvents customer, string idempotencyKey)
    {
        await using var reference = new CspUpgradesApp(azurite);
        using var partner = await reference.ClientForPartnerAsync(Partner);
        await Steps.SendEventsAsync(reference, customer.Profile(), Source(customer));
        var operationId = await Steps.RequestUpgradeAsync(
            partner, customer.CustomerId, QueuedUpgrade.Source, "o365-business-premium", "upgrade_only", idempotencyKey: idempotencyKey);
        var message = await QueuedUpgrade.TakeMessageAsync(azurite, operationId);

        using var executed = await reference.InvokeAsync(FunctionManifest.ExecuteUpgrade.Name, CspUpgradesApp.QueueEnvelope(message));

        Assert.Equal(System.Net.HttpStatusCode.OK, executed.StatusCode);
        var billing = await BillingRows.OfAsync(reference, Partner, customer.CustomerId);
        Assert.Equal(2, billing.Count);
        return billing;
    }

    private static Functions.ReceiveSubscriptionEvent.SubscriptionEvent Source(CustomerEvents customer) =>
        customer.Subscription(QueuedUpgrade.Source, "o365-business-essentials", 10, "5.00");

    private Dictionary<string, string> Settings(UpgradeStep? crashAt)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage__TableName"] = _requests.TableName,
            ["Webhooks__Secret"] = CspUpgradesApp.WebhookSecret,
            ["AuditSchedule"] = "0 0 0 1 1 *",
            ["StuckOperationSweepSchedule"] = "0 0 0 1 1 *",
            ["LocalRunner__Enabled"] = "true",

            // A crashed delivery's lease must run out soon for the test to see the redelivery.
            ["LocalRunner__MessageLease"] = "00:00:02",
            ["LocalRunner__MinPollingInterval"] = "00:00:00.050",
            ["LocalRunner__MaxPollingInterval"] = "00:00:00.250",
            ["DOTNET_DbgEnableMiniDump"] = "0",
        };
        if (crashAt is { } step)
        {
            settings["Testing__CrashAtUpgradeStep"] = step.ToString();
        }

        return settings;
    }
}
