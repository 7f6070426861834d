using CspUpgrades.Storage.Clients;
using System.Collections.Concurrent;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Functions.LocalRunner;
using CspUpgrades.Functions.RequestUpgrade;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using CspUpgrades.Testing.Azurite;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// A message that can never succeed, through the real local runner: delivered host.json's
/// maxDequeueCount (5) times, moved to <c>upgrade-requests-poison</c>, and FailPoisonedUpgrade then ends
/// its operation as failed, with a reason, so the partner is not left polling forever. The runner's retry
/// visibility is set to zero (host.json says 30 s) so five deliveries take a second, not two minutes.
/// </summary>
public sealed class PoisonedUpgradeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Partner = "partner-a";

    [Fact]
    public async Task AnUpgradeWhoseCommitCanNeverSucceedIsPoisonedAfterFiveDeliveriesAndMarkedFailed()
    {
        await using var app = AppWithRecordedDeliveries(out var deliveries);
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

        await Eventually.UntilAsync(() => deliveries.Of("FailPoisonedUpgrade").Count == 1, "FailPoisonedUpgrade's delivery to be answered");
        Assert.Equal([1, 2, 3, 4, 5], deliveries.Of("ExecuteUpgrade").Select(d => d.DequeueCount));
        Assert.All(deliveries.Of("ExecuteUpgrade"), d => Assert.False(d.Succeeded));
        Assert.True(Assert.Single(deliveries.Of("FailPoisonedUpgrade")).Succeeded);
        Assert.Contains(accepted, deliveries.Of("FailPoisonedUpgrade")[0].MessageText, StringComparison.Ordinal);

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
        await using var app = AppWithRecordedDeliveries(out var deliveries);
        _ = app.Services; // Starts the app and its runner.
        await new QueueClient(azurite.ConnectionString, FunctionManifest.UpgradeQueue, StorageClientDefaults.QueueOptions()).SendMessageAsync("not an upgrade request");

        await Eventually.UntilAsync(() => deliveries.Of("FailPoisonedUpgrade").Count == 1, "the poisoned message to reach FailPoisonedUpgrade");

        Assert.Equal([1, 2, 3, 4, 5], deliveries.Of("ExecuteUpgrade").Select(d => d.DequeueCount));
        Assert.All(deliveries.Of("ExecuteUpgrade"), d => Assert.Equal(("not an upgrade request", false), (d.MessageText, d.Succeeded)));
        var dropped = Assert.Single(deliveries.Of("FailPoisonedUpgrade"));
        Assert.Equal(("not an upgrade request", true), (dropped.MessageText, dropped.Succeeded));
        await AssertQueuesEmptyAsync();
    }

    private CspUpgradesApp AppWithRecordedDeliveries(out RecordedDeliveries deliveries)
    {
        var recorded = new RecordedDeliveries();
        deliveries = recorded;
        var app = CspUpgradesApp.WithLocalRunner(azurite, new Dictionary<string, string?>
        {
            ["LocalRunner:RetryVisibilityTimeout"] = "00:00:00",
            ["LocalRunner:MaxPollingInterval"] = "00:00:00.250",
        });
        app.ConfigureTestServices = services => services.AddSingleton<InvocationDispatcher>(provider => new RecordingDispatcher(
            provider.GetRequiredService<IServer>(), provider.GetRequiredService<IHttpClientFactory>(), recorded));
        return app;
    }

    private async Task AssertQueuesEmptyAsync()
    {
        foreach (var name in new[] { FunctionManifest.UpgradeQueue, FunctionManifest.UpgradePoisonQueue })
        {
            var queue = new QueueClient(azurite.ConnectionString, name, StorageClientDefaults.QueueOptions());
            await Eventually.UntilAsync(async () => await queue.ApproximateCountAsync() == 0, $"{name} to be empty");
        }
    }

    public sealed record Delivery(string Function, int DequeueCount, string? MessageText, bool Succeeded);

    public sealed class RecordedDeliveries
    {
        private readonly ConcurrentQueue<Delivery> _all = new();

        public IReadOnlyList<Delivery> Of(string function) => [.. _all.Where(d => d.Function == function)];

        public void Add(Delivery delivery) => _all.Enqueue(delivery);
    }

    /// <summary>The runner's real dispatcher, noting each invocation and how the app answered it.</summary>
    private sealed class RecordingDispatcher(IServer server, IHttpClientFactory httpClients, RecordedDeliveries deliveries)
        : InvocationDispatcher(server, httpClients)
    {
        public override async Task<bool> InvokeAsync(string functionName, InvocationRequest request, CancellationToken cancellationToken)
        {
            var succeeded = await base.InvokeAsync(functionName, request, cancellationToken);
            deliveries.Add(new Delivery(functionName, request.DequeueCount(), request.QueueMessageText(), succeeded));
            return succeeded;
        }
    }
}
