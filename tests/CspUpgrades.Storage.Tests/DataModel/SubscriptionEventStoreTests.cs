using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Events;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// <c>SubscriptionEventStore</c>: each webhook event changes state at most once (its row <c>evt|{id}</c> is written in
/// the same transaction), events older than the stored state are recorded but ignored, and concurrent events on one
/// subscription all land or fail loudly — none is silently lost.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SubscriptionEventStoreTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = A.Now.AddHours(-2);

    private readonly PartnerId _partner = A.Partner();
    private readonly CustomerId _customer = A.Customer();

    [Fact]
    public async Task ASubscriptionEventAppliesOnceAndItsRepeatIsADuplicateThatChangesNothing()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtonce");
        Subscription subscription = SubscriptionBuilder.Of(Offers.E3).WithVersion(0);

        var first = await ApplyAsync(storage, subscription.Id, "evt-1", T0, _ => subscription);
        var before = await storage.DumpAsync();
        var again = await ApplyAsync(storage, subscription.Id, "evt-1", T0, s => s! with { Quantity = 99 });

        Assert.Equal((EventOutcome.Applied, EventOutcome.Duplicate), (first, again));
        Assert.Equal(before, await storage.DumpAsync());
        var stored = await LoadSubscriptionAsync(storage, subscription.Id);
        Json.Equal(subscription with { Version = 1 }, stored);
        var marker = await storage.RowAsync(Partition, TableLayout.EventRow("evt-1"));
        Assert.Equal((T0, TableLayout.SubscriptionRow(subscription.Id)), (marker!.GetDateTimeOffset("OccurredAt"), marker.GetString("Row")));
    }

    [Fact]
    public async Task AProfileEventAppliesOnceAndItsRepeatIsADuplicateThatChangesNothing()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtprofile");
        var profile = new CustomerProfile(Region.India, DelegatedAdminGrant.For(ServiceKind.ExchangeMailbox), "Tata Pvt. Ltd.");

        var first = await storage.Events.ApplyProfileAsync(_partner, _customer, "evt-p", T0, profile);
        var before = await storage.DumpAsync();
        var again = await storage.Events.ApplyProfileAsync(_partner, _customer, "evt-p", T0, profile with { CompanyName = "Other" });

        Assert.Equal((EventOutcome.Applied, EventOutcome.Duplicate), (first, again));
        Assert.Equal(before, await storage.DumpAsync());
        var record = await storage.Customers.LoadAsync(_partner, _customer);
        Assert.Equal(Region.India, record!.Snapshot.Region);
        Json.Equal(profile, CustomerProfileEntity.FromEntity((await storage.RowAsync(Partition, TableLayout.ProfileRow))!));
    }

    [Fact]
    public async Task AnOlderEventArrivingAfterANewerOneIsStaleChangesNothingButIsRecorded()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtstale");
        Subscription subscription = SubscriptionBuilder.Of(Offers.E3).WithQuantity(20);
        await ApplyAsync(storage, subscription.Id, "evt-new", T0.AddMinutes(10), _ => subscription);
        var stateBefore = await StateRowsAsync(storage);

        var stale = await ApplyAsync(storage, subscription.Id, "evt-old", T0, s => s! with { Quantity = 15 });
        var staleAgain = await ApplyAsync(storage, subscription.Id, "evt-old", T0, s => s! with { Quantity = 15 });

        Assert.Equal((EventOutcome.Stale, EventOutcome.Duplicate), (stale, staleAgain));
        Assert.Equal(stateBefore, await StateRowsAsync(storage));
        Assert.Equal((20, 1L), ((await LoadSubscriptionAsync(storage, subscription.Id)).Quantity, (await LoadSubscriptionAsync(storage, subscription.Id)).Version));
        Assert.NotNull(await storage.RowAsync(Partition, TableLayout.EventRow("evt-old")));
    }

    [Fact]
    public async Task AnOlderProfileEventArrivingAfterANewerOneIsStale()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtprofilestale");
        var newer = new CustomerProfile(Region.Global, DelegatedAdminGrant.AllServices, "New name");
        await storage.Events.ApplyProfileAsync(_partner, _customer, "evt-new", T0.AddMinutes(10), newer);

        var stale = await storage.Events.ApplyProfileAsync(_partner, _customer, "evt-old", T0, newer with { CompanyName = "Old name" });

        Assert.Equal(EventOutcome.Stale, stale);
        Assert.Equal("New name", CustomerProfileEntity.FromEntity((await storage.RowAsync(Partition, TableLayout.ProfileRow))!).CompanyName);
        Assert.NotNull(await storage.RowAsync(Partition, TableLayout.EventRow("evt-old")));
    }

    [Fact]
    public async Task TwoDifferentEventsOnOneSubscriptionAtOnceBothApply()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtrace");
        var retries = 0;
        for (var round = 0; round < 10; round++)
        {
            Subscription subscription = SubscriptionBuilder.Of(Offers.E3);
            await ApplyAsync(storage, subscription.Id, $"evt-{round}-create", T0, _ => subscription);
            var at = T0.AddMinutes(1);

            EventOutcome[] outcomes;
            using (var scope = StorageRequestRecorder.BeginScope())
            {
                outcomes = await Concurrently.RunAsync(
                    () => ApplyAsync(storage, subscription.Id, $"evt-{round}-suspend", at, s => s! with { Status = SubscriptionStatus.Suspended }),
                    () => ApplyAsync(storage, subscription.Id, $"evt-{round}-users", at, s => s! with { AssignedUsers = [new UserBuilder("ana").Build()] }));

                // Two each, and two more for the one that lost the race and re-read.
                Assert.InRange(scope.Requests, 4, 6);
                retries += (scope.Requests - 4) / 2;
            }

            Assert.Equal([EventOutcome.Applied, EventOutcome.Applied], outcomes);
            var stored = await LoadSubscriptionAsync(storage, subscription.Id);
            Assert.Equal((SubscriptionStatus.Suspended, 1, 3L), (stored.Status, stored.AssignedUsers.Count, stored.Version));
        }

        output.WriteLine($"{retries} of 10 races needed a re-read after a conflict");
        Assert.True(retries > 0, "the two events never actually raced");
    }

    [Fact]
    public async Task TwoEventsAtOnceLeaveTheNewerOnesStateWhicheverLandsFirst()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtraceorder");
        for (var round = 0; round < 10; round++)
        {
            Subscription subscription = SubscriptionBuilder.Of(Offers.E3);
            await ApplyAsync(storage, subscription.Id, $"evt-{round}-create", T0, _ => subscription);

            var outcomes = await Concurrently.RunAsync(
                () => ApplyAsync(storage, subscription.Id, $"evt-{round}-older", T0.AddMinutes(1), s => s! with { Quantity = 11 }),
                () => ApplyAsync(storage, subscription.Id, $"evt-{round}-newer", T0.AddMinutes(2), s => s! with { Quantity = 12 }));

            Assert.Equal(EventOutcome.Applied, outcomes[1]);
            Assert.Contains(outcomes[0], new[] { EventOutcome.Applied, EventOutcome.Stale });
            var stored = await LoadSubscriptionAsync(storage, subscription.Id);
            Assert.Equal((12, 1L + outcomes.Count(o => o == EventOutcome.Applied)), (stored.Quantity, stored.Version));
        }
    }

    [Fact]
    public async Task ManyEventsAtOnceEachEitherApplyOrFailLoudlyAndNoneIsLost()
    {
        // Each attempt re-reads and retries on a conflict, three attempts in all: with six writers racing, a late one may
        // run out and throw, so the webhook answers 5xx and the sender redelivers. What must never happen is a lost update.
        var storage = await DataModelTable.CreateAsync(azurite, "evtmany");
        Subscription subscription = SubscriptionBuilder.Of(Offers.E3);
        await ApplyAsync(storage, subscription.Id, "evt-create", T0, _ => subscription);
        var addOns = Enumerable.Range(1, 6).Select(i => new OfferId($"addon-{i}")).ToList();

        var outcomes = await Concurrently.RunAsync(addOns.Select(addOn => (Func<Task<(OfferId AddOn, bool Applied)>>)(async () =>
        {
            try
            {
                var outcome = await ApplyAsync(storage, subscription.Id, $"evt-{addOn}", T0.AddMinutes(1), s => s! with { AddOnIds = [.. s.AddOnIds, addOn] });
                Assert.Equal(EventOutcome.Applied, outcome);
                return (addOn, true);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                return (addOn, false);
            }
        })).ToArray());

        var applied = outcomes.Where(o => o.Applied).Select(o => o.AddOn.Value).Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"{applied.Count} of 6 concurrent events applied; any others ran out of attempts and threw");
        var stored = await LoadSubscriptionAsync(storage, subscription.Id);
        Assert.True(applied.Count >= 3, $"only {applied.Count} of 6 applied");
        Assert.Equal(applied, stored.AddOnIds.Select(a => a.Value).Order(StringComparer.Ordinal));
        Assert.Equal(1 + applied.Count, stored.Version);
        foreach (var (addOn, wasApplied) in outcomes)
        {
            Assert.Equal(wasApplied, await storage.RowAsync(Partition, TableLayout.EventRow($"evt-{addOn}")) is not null);
        }
    }

    [Fact]
    public async Task AnUpgradeIsNotUndoneByAnEventFromBeforeItThatArrivesLate()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtafterupgrade");
        Subscription source = SubscriptionBuilder.Of(Offers.BusinessEssentials);
        await storage.Events.ApplyProfileAsync(_partner, _customer, "evt-profile", T0, new CustomerProfile(Region.Global, DelegatedAdminGrant.AllServices));
        await ApplyAsync(storage, source.Id, "evt-created", T0, _ => source);
        var operation = new OperationBuilder(_partner, _customer, source.Id).Build();
        await storage.Operations.CreateAsync(operation);
        var claim = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(_partner, _customer, source.Id, operation.Id, A.Now)).Claim;
        var record = await storage.Customers.LoadAsync(_partner, _customer, [TableLayout.OperationRow(operation.Id)]);
        var plan = UpgradePlanner.Plan(A.Catalog, record!.Snapshot, operation.Request, operation.TargetUnitPrice, operation.Id, A.Today).Plan!;
        await storage.Upgrades.CommitSucceededAsync(record, record.Operation!, plan, claim, A.Now);

        // Partner Center's "still active, 10 seats" from half an hour before the upgrade, delivered late.
        var late = await ApplyAsync(storage, source.Id, "evt-late", A.Now.AddMinutes(-30), _ => source);
        var afterwards = await ApplyAsync(storage, source.Id, "evt-after", A.Now.AddMinutes(1), s => s! with { AddOnIds = [new OfferId("addon-x")] });

        Assert.Equal((EventOutcome.Stale, EventOutcome.Applied), (late, afterwards));
        var stored = await LoadSubscriptionAsync(storage, source.Id);
        Assert.Equal((SubscriptionStatus.Cancelled, 3L), (stored.Status, stored.Version));
    }

    [Fact]
    public async Task AddedSeatsAreNotUndoneByAnEventFromBeforeThemThatArrivesLate()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtafterseats");
        Subscription subscription = SubscriptionBuilder.Of(Offers.E3).WithQuantity(10);
        await storage.Events.ApplyProfileAsync(_partner, _customer, "evt-profile", T0, new CustomerProfile(Region.Global, DelegatedAdminGrant.AllServices));
        await ApplyAsync(storage, subscription.Id, "evt-created", T0, _ => subscription);
        var operation = A.Operation("licenses");
        var claim = Assert.IsType<ClaimOutcome.Held>(await storage.Claims.TryClaimAsync(_partner, _customer, subscription.Id, operation, A.Now)).Claim;
        var record = await storage.Customers.LoadAsync(_partner, _customer);
        var plan = LicenseAddition.Plan(A.Catalog, record!.Snapshot, subscription.Id, 5, operation, A.Today).Plan!;
        await storage.Licenses.CommitAsync(record, plan, claim);

        var late = await ApplyAsync(storage, subscription.Id, "evt-late", A.Now.AddMinutes(-30), _ => subscription);

        Assert.Equal(EventOutcome.Stale, late);
        Assert.Equal(15, (await LoadSubscriptionAsync(storage, subscription.Id)).Quantity);
    }

    [Fact]
    public async Task ApplyingCostsTwoRequestsWhetherAppliedDuplicateOrStale()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evtcost");
        Subscription subscription = SubscriptionBuilder.Of(Offers.E3);
        var profile = new CustomerProfile(Region.Global, DelegatedAdminGrant.AllServices);

        Assert.Equal(2, await RequestsAsync(() => ApplyAsync(storage, subscription.Id, "evt-1", T0, _ => subscription)));
        Assert.Equal(2, await RequestsAsync(() => ApplyAsync(storage, subscription.Id, "evt-1", T0, _ => subscription)));
        Assert.Equal(2, await RequestsAsync(() => ApplyAsync(storage, subscription.Id, "evt-0", T0.AddMinutes(-1), _ => subscription)));
        Assert.Equal(2, await RequestsAsync(() => storage.Events.ApplyProfileAsync(_partner, _customer, "evt-p", T0, profile)));
    }

    [Fact]
    public async Task AnEventIdThatCannotBeAKeyIsRefusedBeforeAnyRequest()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "evthostile");
        Subscription subscription = SubscriptionBuilder.Of(Offers.E3);

        using var scope = StorageRequestRecorder.BeginScope();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            storage.Events.ApplyProfileAsync(_partner, _customer, "../evt#1?", T0, new CustomerProfile(Region.Global, DelegatedAdminGrant.None)));

        Assert.Equal(0, scope.Attempts);
        Assert.Empty(await storage.DumpAsync());
    }

    private string Partition => TableLayout.CustomerPartition(_partner, _customer);

    private Task<EventOutcome> ApplyAsync(DataModelTable storage, SubscriptionId id, string eventId, DateTimeOffset at, Func<Subscription?, Subscription> change) =>
        storage.Events.ApplySubscriptionAsync(_partner, _customer, id, eventId, at, change);

    private async Task<Subscription> LoadSubscriptionAsync(DataModelTable storage, SubscriptionId id) =>
        (await storage.Customers.LoadAsync(_partner, _customer))!.Snapshot.GetSubscription(id);

    /// <summary>Every row but the event markers.</summary>
    private static async Task<Dictionary<string, string>> StateRowsAsync(DataModelTable storage) =>
        (await storage.DumpAsync()).Where(r => !r.Key.Contains("/evt|", StringComparison.Ordinal)).ToDictionary();

    private static async Task<int> RequestsAsync(Func<Task> call)
    {
        using var scope = StorageRequestRecorder.BeginScope();
        await call();
        return scope.Requests;
    }
}
