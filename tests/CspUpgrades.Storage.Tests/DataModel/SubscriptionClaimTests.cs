using Azure;
using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// <c>SubscriptionClaims</c>: an insert-only row <c>sub|{id}|claim</c> gives one operation at a time a subscription;
/// a redelivered operation finds its own claim; an abandoned claim goes to exactly one newcomer.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SubscriptionClaimTests(AzuriteFixture azurite)
{
    private readonly PartnerId _partner = A.Partner();
    private readonly CustomerId _customer = A.Customer();

    [Fact]
    public async Task OfTwoOperationsClaimingAtOnceExactlyOneHoldsTheSubscription()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimrace");
        for (var round = 0; round < 20; round++)
        {
            var subscription = A.Subscription();
            OperationId first = A.Operation(), second = A.Operation();

            var outcomes = await Concurrently.RunAsync(
                () => storage.Claims.TryClaimAsync(_partner, _customer, subscription, first, A.Now),
                () => storage.Claims.TryClaimAsync(_partner, _customer, subscription, second, A.Now));

            var held = Assert.Single(outcomes.OfType<ClaimOutcome.Held>());
            var other = Assert.Single(outcomes.OfType<ClaimOutcome.HeldByOther>());
            Assert.Equal(held.Claim.OperationId, other.OtherOperation);
            Assert.Equal(held.Claim.OperationId, (await StoredClaimAsync(storage, subscription))!.OperationId);
        }
    }

    [Fact]
    public async Task TheSameOperationClaimingAgainHoldsItAgain()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimagain");
        var subscription = A.Subscription();
        var operation = A.Operation();

        var first = await storage.Claims.TryClaimAsync(_partner, _customer, subscription, operation, A.Now);
        var again = await storage.Claims.TryClaimAsync(_partner, _customer, subscription, operation, A.Now.AddMinutes(20));

        var original = Assert.IsType<ClaimOutcome.Held>(first).Claim;
        var redelivered = Assert.IsType<ClaimOutcome.Held>(again).Claim;
        Assert.Equal(original, redelivered);
        Assert.Equal(A.Now, (await StoredClaimAsync(storage, subscription))!.ClaimedAt);
    }

    [Fact]
    public async Task AClaimAlreadyReadIsJudgedWithoutAnyRequest()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimknown");
        var subscription = A.Subscription();
        var mine = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), A.Now)).Claim;

        using var scope = StorageRequestRecorder.BeginScope();
        var same = await storage.Claims.TryClaimAsync(_partner, _customer, subscription, mine.OperationId, A.Now, known: mine);
        var other = await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), A.Now, known: mine);

        Assert.Equal(mine, Assert.IsType<ClaimOutcome.Held>(same).Claim);
        Assert.Equal(mine.OperationId, Assert.IsType<ClaimOutcome.HeldByOther>(other).OtherOperation);
        Assert.Equal(0, scope.Requests);
    }

    [Fact]
    public async Task AnAbandonedClaimIsTakenOverByExactlyOneOfTwoNewcomers()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimtakeover");
        for (var round = 0; round < 10; round++)
        {
            var subscription = A.Subscription();
            var crashed = A.Operation("crashed");
            await WriteClaimAsync(storage, subscription, crashed, A.Now - SubscriptionClaims.AbandonedAfter - TimeSpan.FromSeconds(1));
            OperationId first = A.Operation(), second = A.Operation();

            var outcomes = await Concurrently.RunAsync(
                () => storage.Claims.TryClaimAsync(_partner, _customer, subscription, first, A.Now),
                () => storage.Claims.TryClaimAsync(_partner, _customer, subscription, second, A.Now));

            var held = Assert.Single(outcomes.OfType<ClaimOutcome.Held>()).Claim;
            var other = Assert.Single(outcomes.OfType<ClaimOutcome.HeldByOther>());
            Assert.Equal(held.OperationId, other.OtherOperation);
            var stored = await StoredClaimAsync(storage, subscription);
            Assert.Equal((held.OperationId, A.Now, held.ETag), (stored!.OperationId, stored.ClaimedAt, stored.ETag));
        }
    }

    [Fact]
    public async Task AnAbandonedClaimReleasedJustBeforeTheTakeOverIsClaimedAfresh()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimgone");
        var releasing = new ReleasingBeforeTakeOver(azurite, storage.Table.Name);
        var subscription = A.Subscription();
        await WriteClaimAsync(storage, subscription, A.Operation("crashed"), A.Now - TimeSpan.FromHours(1));
        var operation = A.Operation();

        var outcome = await new SubscriptionClaims(releasing).TryClaimAsync(_partner, _customer, subscription, operation, A.Now);

        Assert.True(releasing.Released);
        Assert.Equal(operation, Assert.IsType<ClaimOutcome.Held>(outcome).Claim.OperationId);
        Assert.Equal(operation, (await StoredClaimAsync(storage, subscription))!.OperationId);
    }

    [Fact]
    public async Task AClaimYoungerThanTheAbandonmentTimeIsNotTakenOver()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimyoung");
        var subscription = A.Subscription();
        var busy = A.Operation("busy");
        await WriteClaimAsync(storage, subscription, busy, A.Now - SubscriptionClaims.AbandonedAfter + TimeSpan.FromSeconds(1));

        var outcome = await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), A.Now);

        Assert.Equal(busy, Assert.IsType<ClaimOutcome.HeldByOther>(outcome).OtherOperation);
        Assert.Equal(busy, (await StoredClaimAsync(storage, subscription))!.OperationId);
    }

    [Fact]
    public async Task AnAbandonedClaimAlreadyReadIsTakenOverToo()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimknownold");
        var subscription = A.Subscription();
        await WriteClaimAsync(storage, subscription, A.Operation("dead"), A.Now - SubscriptionClaims.AbandonedAfter - TimeSpan.FromSeconds(1));
        var known = await StoredClaimAsync(storage, subscription);
        var newcomer = A.Operation();

        var outcome = await storage.Claims.TryClaimAsync(_partner, _customer, subscription, newcomer, A.Now, known: known);

        Assert.Equal(newcomer, Assert.IsType<ClaimOutcome.Held>(outcome).Claim.OperationId);
        Assert.Equal(newcomer, (await StoredClaimAsync(storage, subscription))!.OperationId);
    }

    [Fact]
    public async Task ReleasingRemovesTheClaimSoAnotherOperationCanTakeIt()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimrelease");
        var subscription = A.Subscription();
        var claim = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), A.Now)).Claim;

        await storage.Claims.ReleaseAsync(_partner, _customer, claim);

        Assert.Null(await StoredClaimAsync(storage, subscription));
        Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), A.Now));
    }

    [Fact]
    public async Task ReleasingWithAStaleETagLeavesTheNewerClaimInPlace()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimstale");
        var subscription = A.Subscription();
        var old = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), A.Now)).Claim;
        await storage.Claims.ReleaseAsync(_partner, _customer, old);
        var newer = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), A.Now)).Claim;

        await storage.Claims.ReleaseAsync(_partner, _customer, old);

        Assert.Equal(newer, await StoredClaimAsync(storage, subscription));
    }

    [Fact]
    public async Task AClaimTakenOverCannotBeReleasedByTheOperationThatAbandonedIt()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimtakenrelease");
        var subscription = A.Subscription();
        var abandoned = Assert.IsType<ClaimOutcome.Held>(
            await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation("slow"), A.Now)).Claim;
        var later = A.Now + SubscriptionClaims.AbandonedAfter + TimeSpan.FromMinutes(1);
        var newer = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), later)).Claim;

        await storage.Claims.ReleaseAsync(_partner, _customer, abandoned);

        Assert.Equal(newer, await StoredClaimAsync(storage, subscription));
    }

    [Fact]
    public async Task ClaimingCostsOneRequestFreshTwoOnRedeliveryOrContentionAndThreeForATakeOver()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "claimcost");
        var subscription = A.Subscription();
        var operation = A.Operation();
        var abandonedSubscription = A.Subscription();
        await WriteClaimAsync(storage, abandonedSubscription, A.Operation("crashed"), A.Now - TimeSpan.FromHours(1));

        Assert.Equal(1, await RequestsAsync(() => storage.Claims.TryClaimAsync(_partner, _customer, subscription, operation, A.Now)));
        Assert.Equal(2, await RequestsAsync(() => storage.Claims.TryClaimAsync(_partner, _customer, subscription, operation, A.Now)));
        Assert.Equal(2, await RequestsAsync(() => storage.Claims.TryClaimAsync(_partner, _customer, subscription, A.Operation(), A.Now)));
        Assert.Equal(3, await RequestsAsync(() => storage.Claims.TryClaimAsync(_partner, _customer, abandonedSubscription, operation, A.Now)));
    }

    private static async Task<int> RequestsAsync(Func<Task> call)
    {
        using var scope = StorageRequestRecorder.BeginScope();
        await call();
        return scope.Requests;
    }

    private async Task WriteClaimAsync(DataModelTable storage, SubscriptionId subscription, OperationId operation, DateTimeOffset claimedAt) =>
        await storage.Table.AddEntityAsync(ClaimEntity.ToEntity(TableLayout.CustomerPartition(_partner, _customer), subscription, operation, claimedAt));

    private async Task<SubscriptionClaim?> StoredClaimAsync(DataModelTable storage, SubscriptionId subscription)
    {
        var row = await storage.RowAsync(TableLayout.CustomerPartition(_partner, _customer), TableLayout.ClaimRow(subscription));
        return row is null ? null : ClaimEntity.FromEntity(row);
    }

    /// <summary>Deletes the row a conditional update is about to replace, once: the abandoned operation finishing at the worst moment.</summary>
    private sealed class ReleasingBeforeTakeOver(AzuriteFixture azurite, string tableName)
        : TableClient(azurite.ConnectionString, tableName, Support.TestClients.TableOptions())
    {
        public bool Released { get; private set; }

        public override async Task<Response> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        {
            if (!Released)
            {
                Released = true;
                await DeleteEntityAsync(entity.PartitionKey!, entity.RowKey!, default, cancellationToken);
            }

            return await base.UpdateEntityAsync(entity, ifMatch, mode, cancellationToken);
        }
    }
}
