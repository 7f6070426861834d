using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// <c>UpgradeCommits.CommitSucceededAsync</c>: one entity group transaction writes the whole outcome of an upgrade,
/// and its deterministic keys make a replay fail as a whole instead of billing twice.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class UpgradeCommitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task OneTransactionClosesTheSourceCreatesTheTargetFinishesTheOperationBillsAndReleasesTheClaim()
    {
        var scenario = await UpgradeScenario.PlanAsync(await DataModelTable.CreateAsync(azurite, "commitall"));
        var before = scenario.Record.Snapshot.Subscriptions.Single();

        using (var scope = StorageRequestRecorder.BeginScope())
        {
            await scenario.CommitAsync();
            var request = Assert.Single(scope.Recorded);
            Assert.Equal(("POST", 202, scenario.Partition), (request.Method, request.Status, request.PartitionKey));
            Assert.EndsWith("/$batch", request.Path, StringComparison.Ordinal);
        }

        var targetId = SubscriptionId.ForUpgradeTarget(scenario.OperationId);
        var credit = BillingLineId.For(scenario.OperationId, BillingLineKind.Credit);
        var charge = BillingLineId.For(scenario.OperationId, BillingLineKind.Charge);
        var after = await scenario.Storage.Customers.LoadAsync(
            scenario.Partner, scenario.CustomerId,
            [TableLayout.OperationRow(scenario.OperationId), TableLayout.BillingRow(credit), TableLayout.BillingRow(charge)]);

        var source = after!.Snapshot.GetSubscription(before.Id);
        Assert.Equal((SubscriptionStatus.Cancelled, 10, before.Version + 1), (source.Status, source.Quantity, source.Version));
        Assert.Empty(source.AssignedUsers);

        var target = after.Snapshot.GetSubscription(targetId);
        Json.Equal(scenario.Plan.Target with { Version = 1 }, target);
        Assert.Equal(["user-ana", "user-cy"], target.AssignedUsers.Select(u => u.UserObjectId.Value));
        Assert.Equal((Offers.E3, 10, "20.00 USD"), (target.OfferId, target.Quantity, target.UnitPrice.ToString()));

        var operation = after.Operation!.Operation;
        Assert.Equal((OperationStatus.Succeeded, A.Now.AddSeconds(5)), (operation.Status, operation.CompletedAt));
        Assert.Equal((before.Id, targetId), (operation.Result!.SourceSubscriptionId, operation.Result.TargetSubscriptionId));
        Assert.Empty(operation.Result.UpgradeErrors);
        Assert.Equal("user-bob", Assert.Single(operation.Result.LicenseErrors).UserObjectId.Value);
        Json.Equal(scenario.Plan.BillingLines, operation.BillingLines);

        Assert.Equal([charge, credit], after.BillingLines.Keys.Order(StringComparer.Ordinal));
        Json.Equal(scenario.Plan.BillingLines[0], after.BillingLines[credit].Line);
        Json.Equal(scenario.Plan.BillingLines[1], after.BillingLines[charge].Line);
        Assert.All(after.BillingLines.Values, line => Assert.Equal(scenario.OperationId, line.OperationId));
        Assert.True(after.BillingLines[credit].Line.Amount.MinorUnits < 0);
        Assert.Equal(scenario.Plan.NetAmount, after.BillingLines[credit].Line.Amount + after.BillingLines[charge].Line.Amount);

        Assert.Empty(after.Claims);
        Assert.Equal(OperationStatus.Succeeded, (await scenario.Storage.Operations.FindAsync(scenario.Partner, scenario.OperationId))!.Status);
    }

    [Fact]
    public async Task MovingSomeSeatsReducesTheSourceInsteadOfClosingIt()
    {
        var scenario = await UpgradeScenario.PlanAsync(await DataModelTable.CreateAsync(azurite, "commitpartial"), quantity: 4);
        var before = scenario.Record.Snapshot.Subscriptions.Single();

        await scenario.CommitAsync();

        var after = await scenario.Storage.Customers.LoadAsync(scenario.Partner, scenario.CustomerId);
        var source = after!.Snapshot.GetSubscription(before.Id);
        Assert.Equal((SubscriptionStatus.Active, 6, before.Version + 1), (source.Status, source.Quantity, source.Version));
        Assert.Equal(["user-bob"], source.AssignedUsers.Select(u => u.UserObjectId.Value));
        var target = after.Snapshot.GetSubscription(SubscriptionId.ForUpgradeTarget(scenario.OperationId));
        Assert.Equal((4, 1L), (target.Quantity, target.Version));
        Assert.Empty(after.Claims);
    }

    [Fact]
    public async Task ReplayingTheSameCommitFailsWholeAndLeavesEveryRowAsItWas()
    {
        var scenario = await UpgradeScenario.PlanAsync(await DataModelTable.CreateAsync(azurite, "commitreplay"));
        await scenario.CommitAsync();
        var before = await scenario.Storage.DumpAsync();

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(scenario.CommitAsync);

        // The source's ETag changed with the first commit: action 0 (its conditional replace) fails first.
        Assert.Equal((0, 412, "UpdateConditionNotSatisfied"), (error.FailedTransactionActionIndex, error.Status, error.ErrorCode));
        Assert.Equal(before, await scenario.Storage.DumpAsync());
        Assert.Equal(2, before.Keys.Count(k => k.Contains($"/{TableLayout.BillingPrefix}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EvenWithCurrentETagsAReplayMeetsTheTargetItCreatedAndBillsNothing()
    {
        // As if the If-Match guard were gone (an emulator that ignores it in batches): the deterministic keys still refuse.
        var scenario = await UpgradeScenario.PlanAsync(await DataModelTable.CreateAsync(azurite, "commitkeys"));
        await scenario.CommitAsync();
        var reloaded = await scenario.Storage.Customers.LoadAsync(scenario.Partner, scenario.CustomerId, [TableLayout.OperationRow(scenario.OperationId)]);
        var reclaimed = await scenario.Storage.Claims.TryClaimAsync(
            scenario.Partner, scenario.CustomerId, scenario.Claim.SubscriptionId, scenario.OperationId, A.Now.AddMinutes(1));
        var claim = Assert.IsType<ClaimOutcome.Held>(reclaimed).Claim;
        var before = await scenario.Storage.DumpAsync();

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() =>
            scenario.Storage.Upgrades.CommitSucceededAsync(reloaded!, reloaded!.Operation!, scenario.Plan, claim, A.Now.AddMinutes(1)));

        Assert.Equal((1, 409, "EntityAlreadyExists"), (error.FailedTransactionActionIndex, error.Status, error.ErrorCode));
        Assert.Equal(before, await scenario.Storage.DumpAsync());
    }

    [Fact]
    public async Task AChangeToTheSourceBetweenLoadAndCommitFailsTheCommitAndWritesNothing()
    {
        var scenario = await UpgradeScenario.PlanAsync(await DataModelTable.CreateAsync(azurite, "commitstale"));
        var sourceId = scenario.Plan.Source.Id;
        await scenario.Storage.Events.ApplySubscriptionAsync(
            scenario.Partner, scenario.CustomerId, sourceId, "evt-suspend", A.Now, s => s! with { Status = SubscriptionStatus.Suspended });
        var before = await scenario.Storage.DumpAsync();

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(scenario.CommitAsync);

        Assert.Equal((0, 412), (error.FailedTransactionActionIndex, error.Status));
        Assert.Equal(before, await scenario.Storage.DumpAsync());
        var after = await scenario.Storage.Customers.LoadAsync(scenario.Partner, scenario.CustomerId, [TableLayout.OperationRow(scenario.OperationId)]);
        Assert.Equal(SubscriptionStatus.Suspended, Assert.Single(after!.Snapshot.Subscriptions).Status);
        Assert.Equal(OperationStatus.Queued, after.Operation!.Operation.Status);
        Assert.Equal(scenario.OperationId, after.ClaimOn(sourceId)!.OperationId);
    }
}
