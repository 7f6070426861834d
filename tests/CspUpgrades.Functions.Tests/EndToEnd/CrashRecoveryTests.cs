using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Queues;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// Billing exactly once when the worker dies mid-upgrade: the app runs as its own process with
/// <c>Testing:CrashAtUpgradeStep</c> set, takes the queued upgrade and dies at that step; a fresh process
/// then gets the message again when its lease runs out, and finishes (or just completes) it. Whatever the
/// step, storage ends with one target, one credit and one charge. Own Azurite: the processes poll the queue.
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

    [Theory]
    [InlineData(UpgradeStep.Planned)]
    [InlineData(UpgradeStep.Committed)]
    [InlineData(UpgradeStep.BeforeMessageDelete)]
    public async Task AWorkerThatDiesAtAnUpgradeStepLeavesTheRedeliveryToFinishAndBillsOnce(UpgradeStep step)
    {
        var customer = new CustomerEvents(Partner, AzuriteFixture.UniqueName("crash"));
        await Steps.SendEventsAsync(_requests, customer.Profile(), customer.Subscription(QueuedUpgrade.Source, "o365-business-essentials", 10, "5.00"));
        var operationId = await Steps.RequestUpgradeAsync(_partner, customer.CustomerId, QueuedUpgrade.Source, "o365-business-premium", "upgrade_only");
        var upgrade = new QueuedUpgrade(Partner, customer.CustomerId, operationId, MessageText: string.Empty);

        await using (var crashing = AppProcess.Start(azurite.ConnectionString, Settings(crashAt: step)))
        {
            await crashing.WaitForExitAsync(ProcessTimeout);
            Assert.NotEqual(0, crashing.ExitCode);
            Assert.Contains($"Injected crash at upgrade step {step}", crashing.Output(), StringComparison.Ordinal);
        }

        // The crash left the message in the queue, invisible until its lease ends.
        var queue = new QueueClient(azurite.ConnectionString, FunctionManifest.UpgradeQueue);
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());

        await using (var recovering = AppProcess.Start(azurite.ConnectionString, Settings(crashAt: null)))
        {
            var operation = await Steps.FinishedOperationAsync(_partner, operationId, ProcessTimeout);
            Assert.Equal("succeeded", operation.GetProperty("status").GetString());
            await Eventually.UntilAsync(async () => await queue.GetApproximateMessageCountAsync() == 0, "the redelivered message to be completed", ProcessTimeout);
            Assert.False(recovering.HasExited, recovering.Output());
        }

        await upgrade.AssertCommittedExactlyOnceAsync(_requests);
        var rows = await Steps.PartitionAsync(_requests, Partner, customer.CustomerId);
        Assert.Equal("active", Assert.Single(rows, row => row.RowKey == TableLayout.SubscriptionRow(upgrade.TargetId)).GetString("Status"));
    }

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
