using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary><c>LicenseCommits</c>: added seats, their prorated charge and the claim's release in one transaction; a replay changes nothing.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class LicenseCommitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddingSeatsUpdatesQuantityAndVersionChargesAndReleasesTheClaimInOneRequest()
    {
        var (storage, customer, record, plan, claim) = await PlanAsync("licadd");
        var before = record.Snapshot.Subscriptions.Single();

        Domain.Customers.Subscription written;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            written = await storage.Licenses.CommitAsync(record, plan, claim);
            var request = Assert.Single(scope.Recorded);
            Assert.EndsWith("/$batch", request.Path, StringComparison.Ordinal);
        }

        var chargeRow = TableLayout.BillingRow(BillingLineId.For(plan.OperationId, BillingLineKind.Charge));
        var after = await storage.Customers.LoadAsync(customer.Partner, customer.Customer, [chargeRow]);
        var subscription = Assert.Single(after!.Snapshot.Subscriptions);
        Assert.Equal((15, before.Version + 1), (subscription.Quantity, subscription.Version));
        Json.Equal(written, subscription);
        var charge = Assert.Single(after.BillingLines).Value;
        Json.Equal(plan.Charge, charge.Line);
        Assert.Equal(plan.OperationId, charge.OperationId);
        // 5 seats × 5.00 USD × 4 of 29 days (2024-03-11 to the period's end on 2024-03-15) = 3.448… → 3.45 USD.
        Assert.Equal(("3.45 USD", 4, 29), (charge.Line.Amount.ToString(), charge.Line.DaysRemaining, charge.Line.DaysInPeriod));
        Assert.Empty(after.Claims);
    }

    [Fact]
    public async Task ReplayingTheCommitFailsAndChangesNothing()
    {
        var (storage, _, record, plan, claim) = await PlanAsync("licreplay");
        await storage.Licenses.CommitAsync(record, plan, claim);
        var before = await storage.DumpAsync();

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => storage.Licenses.CommitAsync(record, plan, claim));

        Assert.Equal((0, 412), (error.FailedTransactionActionIndex, error.Status));
        Assert.Equal(before, await storage.DumpAsync());
    }

    [Fact]
    public async Task EvenWithCurrentETagsAReplayMeetsItsChargeAndAddsNoSeats()
    {
        var (storage, customer, record, plan, claim) = await PlanAsync("lickeys");
        await storage.Licenses.CommitAsync(record, plan, claim);
        var reloaded = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);
        var reclaimed = await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, claim.SubscriptionId, plan.OperationId, A.Now);
        var before = await storage.DumpAsync();

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() =>
            storage.Licenses.CommitAsync(reloaded!, plan, Assert.IsType<ClaimOutcome.Held>(reclaimed).Claim));

        Assert.Equal((1, 409), (error.FailedTransactionActionIndex, error.Status));
        Assert.Equal(before, await storage.DumpAsync());
    }

    private async Task<(DataModelTable Storage, CustomerBuilder Customer, CustomerRecord Record, AddLicensesPlan Plan, SubscriptionClaim Claim)> PlanAsync(string name)
    {
        var storage = await DataModelTable.CreateAsync(azurite, name);
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.E3).WithVersion(7)).SaveAsync(storage);
        var subscription = customer.Subscriptions[0].Id;
        var operation = A.Operation("licenses");
        var claimed = await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, subscription, operation, A.Now);
        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);
        var planned = LicenseAddition.Plan(A.Catalog, record!.Snapshot, subscription, 5, operation, A.Today);
        Assert.True(planned.IsPlanned);
        return (storage, customer, record, planned.Plan, Assert.IsType<ClaimOutcome.Held>(claimed).Claim);
    }
}
