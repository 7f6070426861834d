using Azure.Data.Tables;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// <c>UpgradeOperationStore</c>: an insert-only index row <c>op|{id}</c> in the partner's partition decides whether an
/// id (idempotency key) is new; the operation itself lives in its customer's partition; a partner finds only its own.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class UpgradeOperationStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RecordingTheSameRequestTwiceFindsTheFirstAndKeepsOneRow()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "opsame");
        var customer = await new CustomerBuilder().SaveAsync(storage);
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, A.Subscription());

        var first = await storage.Operations.CreateAsync(operation);
        var second = await storage.Operations.CreateAsync(operation with { CreatedAt = A.Now.AddMinutes(3), TraceParent = "later" });

        Assert.Same(operation, Assert.IsType<CreateOperationOutcome.Created>(first).Operation);
        Json.Equal(operation, Assert.IsType<CreateOperationOutcome.AlreadyExists>(second).Operation);
        var rows = await storage.DumpAsync();
        Assert.Equal(
            [$"{TableLayout.CustomerPartition(customer.Partner, customer.Customer)}/op|{operation.Id}", $"{TableLayout.PartnerPartition(customer.Partner)}/op|{operation.Id}"],
            rows.Keys.Where(k => k.Contains("/op|", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReusingAnIdForAnotherRequestIsRefusedAndChangesNothing()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "opreuse");
        var customer = await new CustomerBuilder().SaveAsync(storage);
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, A.Subscription()).WithHash("hash-a");
        await storage.Operations.CreateAsync(operation);
        var before = await storage.DumpAsync();

        var otherHash = await storage.Operations.CreateAsync(operation with { RequestHash = "hash-b" });
        var otherCustomer = await storage.Operations.CreateAsync(operation with { CustomerId = A.Customer() });

        Assert.IsType<CreateOperationOutcome.KeyReused>(otherHash);
        Assert.IsType<CreateOperationOutcome.KeyReused>(otherCustomer);
        Assert.Equal(before, await storage.DumpAsync());
    }

    [Fact]
    public async Task TheSameIdFromAnotherPartnerIsAnotherOperation()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "oppartners");
        var first = await new CustomerBuilder().SaveAsync(storage);
        var second = await new CustomerBuilder().SaveAsync(storage);
        var id = A.Operation();

        var a = await storage.Operations.CreateAsync(new OperationBuilder(first.Partner, first.Customer, A.Subscription()).WithId(id));
        var b = await storage.Operations.CreateAsync(new OperationBuilder(second.Partner, second.Customer, A.Subscription()).WithId(id));

        Assert.IsType<CreateOperationOutcome.Created>(a);
        Assert.IsType<CreateOperationOutcome.Created>(b);
        Assert.Equal(first.Customer, (await storage.Operations.FindAsync(first.Partner, id))!.CustomerId);
        Assert.Equal(second.Customer, (await storage.Operations.FindAsync(second.Partner, id))!.CustomerId);
    }

    [Fact]
    public async Task ARecordingInterruptedAfterTheIndexIsFinishedByTheNextAttempt()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "opcrash");
        var customer = await new CustomerBuilder().SaveAsync(storage);
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, A.Subscription());
        await storage.Operations.CreateAsync(operation);
        await storage.Table.DeleteEntityAsync(TableLayout.CustomerPartition(customer.Partner, customer.Customer), TableLayout.OperationRow(operation.Id));
        Assert.Null(await storage.Operations.FindAsync(customer.Partner, operation.Id));

        CreateOperationOutcome retried;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            retried = await storage.Operations.CreateAsync(operation);
            // Index (exists), index read, operation read (missing), pending row upsert, operation insert with its history entry.
            Assert.Equal([409, 200, 404, 204, 202], scope.Recorded.Select(r => r.Status));
        }

        Assert.Same(operation, Assert.IsType<CreateOperationOutcome.Created>(retried).Operation);
        Json.Equal(operation, await storage.Operations.FindAsync(customer.Partner, operation.Id));
    }

    [Fact]
    public async Task AnOperationIsRunningExactlyWhileItHoldsItsSourcesClaim()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "oprunning");
        var customer = await new CustomerBuilder().SaveAsync(storage);
        var source = A.Subscription();
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, source);
        await storage.Operations.CreateAsync(operation);
        UpgradeOperation? queued;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            queued = await storage.Operations.FindAsync(customer.Partner, operation.Id);
            var (index, rows) = (scope.Recorded[0], scope.Recorded[1]);
            Assert.Equal(TableLayout.PartnerPartition(customer.Partner), index.PartitionKey);
            Filters.AssertPinnedTo(TableLayout.CustomerPartition(customer.Partner, customer.Customer), rows.Filter);
        }

        var mine = await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, source, operation.Id, A.Now);
        var running = await storage.Operations.FindAsync(customer.Partner, operation.Id);
        await storage.Claims.ReleaseAsync(customer.Partner, customer.Customer, Assert.IsType<ClaimOutcome.Held>(mine).Claim);
        await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, source, A.Operation("other"), A.Now);
        var waiting = await storage.Operations.FindAsync(customer.Partner, operation.Id);

        Assert.Equal(
            [OperationStatus.Queued, OperationStatus.Running, OperationStatus.Queued],
            [queued!.Status, running!.Status, waiting!.Status]);
        Json.Equal(operation with { Status = OperationStatus.Running }, running);
    }

    [Fact]
    public async Task AnotherPartnerCannotFindTheOperation()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "opforeign");
        var customer = await new CustomerBuilder().SaveAsync(storage);
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, A.Subscription());
        await storage.Operations.CreateAsync(operation);
        var other = A.Partner("other");

        using var scope = StorageRequestRecorder.BeginScope();
        var found = await storage.Operations.FindAsync(other, operation.Id);

        Assert.Null(found);
        var request = Assert.Single(scope.Recorded);
        Assert.Equal((TableLayout.PartnerPartition(other), 404), (request.PartitionKey, request.Status));
    }

    [Fact]
    public async Task FailingMarksTheOperationFailedAndReleasesItsClaimInOneTransaction()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "opfail");
        var scenario = await UpgradeScenario.PlanAsync(storage);
        var result = new UpgradeResult(scenario.Plan.Source.Id, null, UpgradeType.UpgradeWithLicenseTransfer,
            [new UpgradeError(UpgradeErrorCodes.SubscriptionStatusNotActive, "Suspended meanwhile.")], []);

        using (var scope = StorageRequestRecorder.BeginScope())
        {
            await storage.Upgrades.CommitFailedAsync(scenario.Stored, result, scenario.Claim, A.Now.AddSeconds(1));
            Assert.Equal(1, scope.Requests);
        }

        var found = await storage.Operations.FindAsync(scenario.Partner, scenario.OperationId);
        Assert.Equal((OperationStatus.Failed, A.Now.AddSeconds(1)), (found!.Status, found.CompletedAt));
        Json.Equal(result, found.Result);
        Assert.Empty(found.BillingLines);
        var after = await storage.Customers.LoadAsync(scenario.Partner, scenario.CustomerId);
        Assert.Empty(after!.Claims);
        Json.Equal(scenario.Record.Snapshot.Subscriptions, after.Snapshot.Subscriptions);
    }

    [Fact]
    public async Task FailingIsAllOrNothingAStaleOperationKeepsItsClaim()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "opfailstale");
        var scenario = await UpgradeScenario.PlanAsync(storage);
        var result = new UpgradeResult(scenario.Plan.Source.Id, null, UpgradeType.UpgradeWithLicenseTransfer,
            [new UpgradeError(UpgradeErrorCodes.Other, "First.")], []);
        await storage.Upgrades.CommitFailedAsync(scenario.Stored, result, null, A.Now);
        var claim = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(
            scenario.Partner, scenario.CustomerId, scenario.Plan.Source.Id, scenario.OperationId, A.Now)).Claim;
        var before = await storage.DumpAsync();

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() =>
            storage.Upgrades.CommitFailedAsync(scenario.Stored, result with { UpgradeErrors = [] }, claim, A.Now.AddMinutes(1)));

        Assert.Equal((0, 412), (error.FailedTransactionActionIndex, error.Status));
        Assert.Equal(before, await storage.DumpAsync());
    }

    [Fact]
    public async Task FailingLeavesAClaimOfAnotherOperationAlone()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "opfailother");
        var scenario = await UpgradeScenario.PlanAsync(storage);
        var otherClaim = scenario.Claim with { OperationId = A.Operation("other") };
        var result = new UpgradeResult(scenario.Plan.Source.Id, null, UpgradeType.UpgradeWithLicenseTransfer,
            [new UpgradeError(UpgradeErrorCodes.ConcurrencyConflicts, "Busy.")], []);

        await storage.Upgrades.CommitFailedAsync(scenario.Stored, result, otherClaim, A.Now);

        Assert.Equal(OperationStatus.Failed, (await storage.Operations.FindAsync(scenario.Partner, scenario.OperationId))!.Status);
        var after = await storage.Customers.LoadAsync(scenario.Partner, scenario.CustomerId);
        Assert.Equal(scenario.OperationId, Assert.Single(after!.Claims).Value.OperationId);
    }

    [Fact]
    public async Task RecordingCostsThreeRequestsAReplayThreeAndFindingTwo()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "opcost");
        var customer = await new CustomerBuilder().SaveAsync(storage);
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, A.Subscription());

        // Index row, ~pending row, operation row.
        Assert.Equal(3, await RequestsAsync(() => storage.Operations.CreateAsync(operation)));
        Assert.Equal(3, await RequestsAsync(() => storage.Operations.CreateAsync(operation)));
        Assert.Equal(2, await RequestsAsync(() => storage.Operations.CreateAsync(operation with { RequestHash = "other" })));
        Assert.Equal(2, await RequestsAsync(() => storage.Operations.FindAsync(customer.Partner, operation.Id)));
        Assert.Equal(1, await RequestsAsync(() => storage.Operations.FindAsync(customer.Partner, A.Operation())));
    }

    private static async Task<int> RequestsAsync(Func<Task> call)
    {
        using var scope = StorageRequestRecorder.BeginScope();
        await call();
        return scope.Requests;
    }
}
