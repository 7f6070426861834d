using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.FailPoisonedUpgrade;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// A message that can never succeed, through the real worker under the local Functions host: delivered host.json's
/// maxDequeueCount (5) times, moved to <c>upgrade-requests-poison</c>, and FailPoisonedUpgrade then ends its operation
/// as failed, with a reason, so the partner is not left polling forever. The retry visibility is set to zero through
/// its app setting (host.json says 30 s) so five deliveries take a second, not two minutes.
/// </summary>
public sealed class PoisonedUpgradeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Partner = "partner-a";

    [Fact]
    public async Task AnUpgradeWhoseCommitCanNeverSucceedIsPoisonedAfterFiveDeliveriesAndMarkedFailed()
    {
        await using var app = await WorkerApp.StartAsync(azurite, processQueues: true);
        using var partner = await app.ClientForPartnerAsync(Partner);

        // The target's id derives from the operation id, which derives from the idempotency key: a
        // subscription that already has that id makes the commit's insert of the target fail every time.
        const string key = "poisoned-upgrade";
        var operationId = IdempotencyKey.OperationIdFor(new PartnerId(Partner), key);
        var squatter = SubscriptionId.ForUpgradeTarget(operationId);
        var customer = new CustomerEvents(Partner, "poisoned");
        await Steps.SendEventsAsync(app,
            customer.Profile(),
            customer.Subscription("essentials", "o365-business-essentials", 5, "5.00"),
            customer.Subscription(squatter.Value, "o365-proplus", 1, "12.00"));

        var accepted = await Steps.RequestUpgradeAsync(partner, customer.CustomerId, "essentials", "o365-business-premium", "upgrade_only", idempotencyKey: key);
        Assert.Equal(operationId.Value, accepted);

        var operation = await Steps.FinishedOperationAsync(partner, accepted);
        Assert.Equal("failed", operation.GetProperty("status").GetString());
        var error = Assert.Single(operation.GetProperty("result").GetProperty("upgradeErrors").EnumerateArray());
        Assert.Equal("other", error.GetProperty("code").GetString());
        Assert.Contains("repeated attempts", error.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Empty(operation.GetProperty("billingLines").EnumerateArray());

        await AssertPoisonedAfterFiveFailedDeliveriesAsync(app);
        Assert.Contains(app.HostLog.WorkerLines(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade)), line => line.StartsWith("Poisoned upgrade " + accepted, StringComparison.Ordinal));

        // Nothing was changed or billed, and the claim the failed attempts held is released.
        var rows = await Steps.PartitionAsync(app, Partner, customer.CustomerId);
        Assert.DoesNotContain(rows, row => row.RowKey!.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, row => TableLayout.IsClaimRow(row.RowKey!));
        var source = Assert.Single(rows, row => row.RowKey == TableLayout.SubscriptionRow(new SubscriptionId("essentials")));
        Assert.Equal(("active", 5), (source.GetString("Status"), source.GetInt32("Quantity")));
        Assert.Equal("o365-proplus", Assert.Single(rows, row => row.RowKey == TableLayout.SubscriptionRow(squatter)).GetString("OfferId"));
        // Finished: nothing left for the stuck-operation sweeper.
        await foreach (var pending in app.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.PendingPartition}")))
        {
            Assert.DoesNotContain(accepted, pending.RowKey!, StringComparison.Ordinal);
        }

        await AssertQueuesEmptyAsync();
    }

    [Fact]
    public async Task AMessageThatIsNotAnUpgradeRequestIsPoisonedAfterFiveDeliveriesAndDropped()
    {
        await using var app = await WorkerApp.StartAsync(azurite, processQueues: true);
        await app.SendUpgradeMessageAsync("not an upgrade request");

        await AssertPoisonedAfterFiveFailedDeliveriesAsync(app);
        Assert.Contains(
            $"A poison message of {"not an upgrade request".Length} characters is not an upgrade request and was dropped",
            app.HostLog.WorkerLines(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade)));
        await AssertQueuesEmptyAsync();
    }

    /// <summary>Five failed deliveries of ExecuteUpgrade (host.json's maxDequeueCount), the poison queue, then FailPoisonedUpgrade once, successfully.</summary>
    private static async Task AssertPoisonedAfterFiveFailedDeliveriesAsync(WorkerApp app)
    {
        await Eventually.UntilAsync(() => app.HostLog.Invocations(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade)).Count == 1, "the poisoned message to reach FailPoisonedUpgrade");
        var deliveries = app.HostLog.Invocations(nameof(ExecuteUpgradeFunction.ExecuteUpgrade));
        Assert.Equal(5, deliveries.Count);
        Assert.All(deliveries, delivery => Assert.False(delivery.Succeeded));
        Assert.Equal([5L], app.HostLog.PoisonedAfterDeliveries());
        Assert.True(Assert.Single(app.HostLog.Invocations(nameof(FailPoisonedUpgradeFunction.FailPoisonedUpgrade))).Succeeded);
    }

    private async Task AssertQueuesEmptyAsync()
    {
        foreach (var name in new[] { UpgradeQueue.Name, UpgradeQueue.PoisonName })
        {
            var queue = new QueueClient(azurite.ConnectionString, name, StorageClientDefaults.QueueOptions());
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, $"{name} to be empty");
        }
    }
}
