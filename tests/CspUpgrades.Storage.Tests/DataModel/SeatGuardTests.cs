using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// The Business seat cap is customer-wide, so a commit that changes a customer's seats must land only if no other
/// seat change for that customer landed since it read the customer — even one to a sibling subscription, whose
/// own row (and claim) it never touches.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SeatGuardTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddingLicensesFailsWhenSeatsWereAddedToASiblingSinceTheRead()
    {
        var (storage, customer) = await SeedAsync("guardsibling");
        var stale = (await storage.Customers.LoadAsync(customer.Partner, customer.Customer))!;
        await CommitAddAsync(storage, stale, await ClaimAsync(storage, customer, "business"));
        var claim = await ClaimAsync(storage, customer, "premium");
        var before = await storage.DumpAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => CommitAddAsync(storage, stale, claim));

        Assert.Equal(before, await storage.DumpAsync());
    }

    [Fact]
    public async Task AddingLicensesFailsWhenAWebhookChangedASiblingsSeatsSinceTheRead()
    {
        var (storage, customer) = await SeedAsync("guardwebhook");
        var stale = (await storage.Customers.LoadAsync(customer.Partner, customer.Customer))!;
        var outcome = await storage.Events.ApplySubscriptionAsync(customer.Partner, customer.Customer, new SubscriptionId("premium"), "evt-more-seats", A.Now,
            stored => stored! with { Quantity = 150 });
        Assert.Equal(Events.EventOutcome.Applied, outcome);
        var claim = await ClaimAsync(storage, customer, "business");
        var before = await storage.DumpAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => CommitAddAsync(storage, stale, claim));

        Assert.Equal(before, await storage.DumpAsync());
    }

    [Fact]
    public async Task ChangesReadAfterOneAnotherAllLand()
    {
        var (storage, customer) = await SeedAsync("guardsequence");
        foreach (var subscription in new[] { "business", "premium", "business" })
        {
            var fresh = (await storage.Customers.LoadAsync(customer.Partner, customer.Customer))!;
            await CommitAddAsync(storage, fresh, await ClaimAsync(storage, customer, subscription));
        }

        var after = (await storage.Customers.LoadAsync(customer.Partner, customer.Customer))!;
        Assert.Equal(110 + 105, after.Snapshot.Subscriptions.Sum(s => s.Quantity));
    }

    private async Task<(DataModelTable Storage, CustomerBuilder Customer)> SeedAsync(string name)
    {
        var storage = await DataModelTable.CreateAsync(azurite, name);
        var customer = await new CustomerBuilder().With(
            SubscriptionBuilder.Of(Offers.Business).WithId("business").WithQuantity(100),
            SubscriptionBuilder.Of(Offers.BusinessPremium).WithId("premium").WithQuantity(100)).SaveAsync(storage);
        return (storage, customer);
    }

    private static async Task<SubscriptionClaim> ClaimAsync(DataModelTable storage, CustomerBuilder customer, string subscription)
    {
        var claimed = await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, new SubscriptionId(subscription), A.Operation("licenses"), A.Now);
        return Assert.IsType<ClaimOutcome.Held>(claimed).Claim;
    }

    private static async Task CommitAddAsync(DataModelTable storage, CustomerRecord record, SubscriptionClaim claim)
    {
        var planned = LicenseAddition.Plan(A.Catalog, record.Snapshot, claim.SubscriptionId, 5, claim.OperationId, A.Today);
        await storage.Licenses.CommitAsync(record, planned.Plan!, claim);
    }
}
