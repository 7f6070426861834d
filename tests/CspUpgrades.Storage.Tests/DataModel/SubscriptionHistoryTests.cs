using Azure.Data.Tables;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.History;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// A subscription's history rows (<c>hist|…</c>): written by the very requests that record an upgrade, commit or fail it, and
/// add seats — never a request of their own — and read a page at a time from their own range.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SubscriptionHistoryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RecordingAnUpgradeWritesItsSourcesEntryAsQueuedInTheOperationRowsTransaction()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "histrecord");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.BusinessEssentials)).SaveAsync(storage);
        var source = customer.Subscriptions[0].Id;
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, source).To(Offers.E3, quantity: 2);

        using (var scope = StorageRequestRecorder.BeginScope())
        {
            await storage.Operations.CreateAsync(operation);
            // Index insert, pending row upsert, then the operation row with its history entry: as many requests as before.
            Assert.Equal(3, scope.Requests);
            Assert.EndsWith("/$batch", scope.Recorded[2].Path, StringComparison.Ordinal);
        }

        var entry = Assert.Single((await storage.History.ReadPageAsync(customer.Partner, customer.Customer, source, 10, null))!.Entries);
        Json.Equal(SubscriptionHistoryEntry.ForUpgrade(operation), entry);
        Assert.Equal((OperationStatus.Queued, 2, (DateTimeOffset?)null), (entry.Status, entry.Quantity, entry.CompletedAt));
    }

    [Fact]
    public async Task ACommittedUpgradeShowsOnItsSourceAndOnTheTargetItCreated()
    {
        var scenario = await UpgradeScenario.PlanAsync(await DataModelTable.CreateAsync(azurite, "histcommit"));

        await scenario.CommitAsync();

        var finished = (await scenario.Storage.Operations.FindAsync(scenario.Partner, scenario.OperationId))!;
        var expected = SubscriptionHistoryEntry.ForUpgrade(finished, movedQuantity: scenario.Plan.Quantity);
        foreach (var subscription in new[] { scenario.Plan.Source.Id, scenario.Plan.Target.Id })
        {
            var page = (await scenario.Storage.History.ReadPageAsync(scenario.Partner, scenario.CustomerId, subscription, 10, null))!;
            Json.Equal(expected, Assert.Single(page.Entries));
            Assert.Null(page.Next);
        }

        Assert.Equal((OperationStatus.Succeeded, scenario.Plan.Target.Id, 10), (expected.Status, expected.TargetSubscriptionId, expected.Quantity));
        Assert.Equal(2, expected.BillingLines.Count);
        Assert.Equal("user-bob", Assert.Single(expected.LicenseErrors).UserObjectId.Value);
    }

    [Fact]
    public async Task AFailedUpgradeReplacesItsQueuedEntryWithTheReasons()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "histfail");
        var scenario = await UpgradeScenario.PlanAsync(storage);
        var result = new UpgradeResult(scenario.Plan.Source.Id, null, UpgradeType.UpgradeWithLicenseTransfer,
            [new UpgradeError(UpgradeErrorCodes.SubscriptionStatusNotActive, "Suspended meanwhile.")], []);

        await storage.Upgrades.CommitFailedAsync(scenario.Stored, result, scenario.Claim, A.Now.AddSeconds(1));

        var entry = Assert.Single((await storage.History.ReadPageAsync(scenario.Partner, scenario.CustomerId, scenario.Plan.Source.Id, 10, null))!.Entries);
        Assert.Equal((OperationStatus.Failed, A.Now.AddSeconds(1)), (entry.Status, entry.CompletedAt));
        Json.Equal(result.UpgradeErrors, entry.UpgradeErrors);
        Assert.Empty(entry.BillingLines);
        Assert.Null(entry.TargetSubscriptionId);
    }

    [Fact]
    public async Task AnUpgradeRecordedBeforeThereWasAHistoryGetsItsEntriesWhenItCommits()
    {
        var scenario = await UpgradeScenario.PlanAsync(await DataModelTable.CreateAsync(azurite, "histlegacy"));
        var source = scenario.Plan.Source.Id;
        await scenario.Storage.Table.DeleteEntityAsync(scenario.Partition, TableLayout.HistoryRow(source, scenario.Stored.Operation.CreatedAt, scenario.OperationId));
        Assert.Empty((await scenario.Storage.History.ReadPageAsync(scenario.Partner, scenario.CustomerId, source, 10, null))!.Entries);

        await scenario.CommitAsync();

        var entry = Assert.Single((await scenario.Storage.History.ReadPageAsync(scenario.Partner, scenario.CustomerId, source, 10, null))!.Entries);
        Assert.Equal(OperationStatus.Succeeded, entry.Status);
    }

    [Fact]
    public async Task AddedSeatsShowWithTheirChargeAndAReplayAddsNoSecondEntry()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "histseats");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.E3)).SaveAsync(storage);
        var subscription = customer.Subscriptions[0].Id;
        var operation = A.Operation("licenses");
        var claim = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, subscription, operation, A.Now)).Claim;
        var record = (await storage.Customers.LoadAsync(customer.Partner, customer.Customer))!;
        var plan = LicenseAddition.Plan(A.Catalog, record.Snapshot, subscription, 5, operation, A.Today).Plan!;

        await storage.Licenses.CommitAsync(record, plan, claim);
        await Assert.ThrowsAsync<TableTransactionFailedException>(() => storage.Licenses.CommitAsync(record, plan, claim));

        var entry = Assert.Single((await storage.History.ReadPageAsync(customer.Partner, customer.Customer, subscription, 10, null))!.Entries);
        Json.Equal(SubscriptionHistoryEntry.ForLicenseAddition(plan, A.Now), entry);
        Assert.Equal((HistoryEntryKind.LicenseAddition, OperationStatus.Succeeded, 5), (entry.Kind, entry.Status, entry.Quantity));
        Json.Equal(plan.Charge, Assert.Single(entry.BillingLines));
    }

    [Fact]
    public async Task APageIsOneRangeQueryNewestFirstAndTheLastPageHasNoNext()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "histpages");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.BusinessEssentials)).SaveAsync(storage);
        var source = customer.Subscriptions[0].Id;
        var operations = new List<UpgradeOperation>();
        for (var i = 0; i < 5; i++)
        {
            // Recorded out of order: the history sorts by creation time, not by when a row was written.
            operations.Add(new OperationBuilder(customer.Partner, customer.Customer, source).To(Offers.E3).Build() with { CreatedAt = A.Now.AddMinutes((i * 3) % 5) });
            await storage.Operations.CreateAsync(operations[^1]);
        }

        var walked = new List<OperationId>();
        string? next = null;
        do
        {
            using var scope = StorageRequestRecorder.BeginScope();
            var page = (await storage.History.ReadPageAsync(customer.Partner, customer.Customer, source, 2, next))!;
            var query = Assert.Single(scope.Recorded);
            Assert.Equal(("GET", TableLayout.CustomerPartition(customer.Partner, customer.Customer)), (query.Method, query.PartitionKey));
            walked.AddRange(page.Entries.Select(entry => entry.OperationId));
            next = page.Next;
        }
        while (next is not null);

        Assert.Equal(operations.OrderByDescending(operation => operation.CreatedAt).Select(operation => operation.Id), walked);
    }

    [Fact]
    public async Task AnEmptyFirstPageTellsASubscriptionWithoutHistoryFromOneThereIsNot()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "histempty");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.BusinessEssentials)).SaveAsync(storage);

        using var scope = StorageRequestRecorder.BeginScope();
        var empty = await storage.History.ReadPageAsync(customer.Partner, customer.Customer, customer.Subscriptions[0].Id, 10, null);
        Assert.Equal(2, scope.Requests);
        var unknown = await storage.History.ReadPageAsync(customer.Partner, customer.Customer, A.Subscription("unknown"), 10, null);
        var foreign = await storage.History.ReadPageAsync(A.Partner("other"), customer.Customer, customer.Subscriptions[0].Id, 10, null);

        Assert.Empty(empty!.Entries);
        Assert.Null(empty.Next);
        Assert.Null(unknown);
        Assert.Null(foreign);
    }

    [Fact]
    public async Task TheHistoryRowsStayOutOfTheSnapshotACustomerLoads()
    {
        var scenario = await UpgradeScenario.PlanAsync(await DataModelTable.CreateAsync(azurite, "histsnapshot"));
        await scenario.CommitAsync();

        var record = await scenario.Storage.Customers.LoadAsync(scenario.Partner, scenario.CustomerId);

        Assert.Equal(2, record!.Snapshot.Subscriptions.Count);
        var rows = await scenario.Storage.RowsAsync(scenario.Partner, scenario.CustomerId);
        Assert.Equal(2, rows.Count(row => row.RowKey!.StartsWith(TableLayout.HistoryPrefix, StringComparison.Ordinal)));
        Assert.DoesNotContain(rows, row => row.RowKey!.StartsWith(TableLayout.HistoryPrefix, StringComparison.Ordinal)
            && string.CompareOrdinal(row.RowKey, TableLayout.SnapshotRangeStart) >= 0 && string.CompareOrdinal(row.RowKey, TableLayout.SnapshotRangeEnd) < 0);
    }
}
