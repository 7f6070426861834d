using Azure.Storage.Queues;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// An upgrade accepted by the real RequestUpgrade and waiting in <c>upgrade-requests</c>: a customer with
/// ten Business Essentials seats asked to move to Business Premium. Tests deliver its message themselves.
/// </summary>
public sealed record QueuedUpgrade(string PartnerId, string CustomerId, string OperationId, string MessageText)
{
    public const string Source = "essentials";

    public SubscriptionId TargetId => SubscriptionId.ForUpgradeTarget(new OperationId(OperationId));

    /// <summary>Seeds a new customer through webhooks, requests the upgrade and takes its message off the queue.</summary>
    public static async Task<QueuedUpgrade> CreateAsync(WorkerApp app, AzuriteFixture azurite, HttpClient partner, string partnerId, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(azurite);
        var customer = new CustomerEvents(partnerId, AzuriteFixture.UniqueName("customer"));
        await Steps.SendEventsAsync(app, customer.Profile(), customer.Subscription(Source, "o365-business-essentials", 10, "5.00"));
        var operationId = await Steps.RequestUpgradeAsync(
            partner, customer.CustomerId, Source, "o365-business-premium", "upgrade_only", idempotencyKey: idempotencyKey);
        return new QueuedUpgrade(partnerId, customer.CustomerId, operationId, await TakeMessageAsync(azurite, operationId));
    }

    /// <summary>
    /// Asserts the upgrade's partition holds exactly what one commit writes: the source and one target,
    /// one credit and one charge, the operation succeeded, and no claim.
    /// </summary>
    public async Task AssertCommittedExactlyOnceAsync(WorkerApp app)
    {
        var rows = await Steps.PartitionAsync(app, PartnerId, CustomerId);
        var keys = rows.Select(row => row.RowKey!).ToList();

        Assert.Equal(
            new[] { TableLayout.SubscriptionRow(new SubscriptionId(Source)), TableLayout.SubscriptionRow(TargetId) }.Order(StringComparer.Ordinal),
            keys.Where(TableLayout.IsSubscriptionRow).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { TableLayout.BillingRow(OperationId + "-charge"), TableLayout.BillingRow(OperationId + "-credit") },
            keys.Where(key => key.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(keys, TableLayout.IsClaimRow);
        var operation = Assert.Single(rows, row => row.RowKey == TableLayout.OperationRow(new OperationId(OperationId)));
        Assert.Equal("succeeded", operation.GetString("Status"));
    }

    /// <summary>Takes the queued message of <paramref name="operationId"/> off the upgrade queue and returns its text.</summary>
    public static async Task<string> TakeMessageAsync(AzuriteFixture azurite, string operationId)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var queue = new QueueClient(azurite.ConnectionString, UpgradeQueue.Name, StorageClientDefaults.QueueOptions());
        var messages = await Eventually.ReturnsAsync(
            () => queue.ReceiveAsync(32, TimeSpan.FromMinutes(10)),
            received => received.Any(message => message.MessageText.Contains(operationId, StringComparison.Ordinal)),
            $"the queued message of {operationId}");
        var mine = messages.Single(message => message.MessageText.Contains(operationId, StringComparison.Ordinal));
        await queue.DeleteMessageAsync(mine.MessageId, mine.PopReceipt);
        return mine.MessageText;
    }
}
