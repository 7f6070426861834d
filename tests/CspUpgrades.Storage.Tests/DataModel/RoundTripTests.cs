using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>What is written is what is read back: every field of every stored record, through the real table.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class RoundTripTests(AzuriteFixture azurite)
{
    public static TheoryData<string> Prices => new() { "968 JPY", "12.34 USD", "-0.05 EUR", "12.345 BHD", "92233720368547758.07 USD" };

    [Theory]
    [MemberData(nameof(Prices))]
    public async Task ASubscriptionWithEveryFieldComesBackEqual(string price)
    {
        var storage = await DataModelTable.CreateAsync(azurite, "rtsub");
        Subscription subscription = SubscriptionBuilder.Of(Offers.BusinessPremium)
            .WithStatus(SubscriptionStatus.Suspended)
            .WithQuantity(37)
            .Through(SalesChannel.OtherPartner("Contoso \"Cloud\" GmbH & Co. KG", new PartnerId("contoso-7")))
            .Annual()
            .WithTerm(new DateOnly(2023, 2, 28), new DateOnly(2024, 2, 29))
            .PricedAt(price)
            .WithAddOns(new OfferId("addon-audio-conf"), new OfferId("addon.phone_system"))
            .WithUsers(
                new UserBuilder("ana").Named("Ana O'Neil").With(ServiceKind.ExchangeMailbox, ServiceKind.PhoneSystem),
                new UserBuilder("wei").Named("张伟 😀").With(),
                new UserBuilder("bob").With(Enum.GetValues<ServiceKind>()))
            .WithVersion(41);
        var customer = await new CustomerBuilder().With(subscription).SaveAsync(storage);

        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);

        var loaded = Assert.Single(record!.Snapshot.Subscriptions);
        Json.Equal(subscription, loaded);
        Assert.Equal(price, loaded.UnitPrice.ToString());
    }

    public static TheoryData<SubscriptionStatus, ChannelKind> StatusesAndChannels()
    {
        var data = new TheoryData<SubscriptionStatus, ChannelKind>();
        foreach (var status in Enum.GetValues<SubscriptionStatus>())
        {
            foreach (var channel in Enum.GetValues<ChannelKind>())
            {
                data.Add(status, channel);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StatusesAndChannels))]
    public async Task EveryStatusAndChannelComesBackEqual(SubscriptionStatus status, ChannelKind channel)
    {
        var storage = await DataModelTable.CreateAsync(azurite, "rtstatus");
        Subscription subscription = SubscriptionBuilder.Of(Offers.E1).WithStatus(status).Through(new SalesChannel(channel));
        var customer = await new CustomerBuilder().With(subscription).SaveAsync(storage);

        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);

        Json.Equal(subscription, Assert.Single(record!.Snapshot.Subscriptions));
    }

    [Fact]
    public async Task FourHundredUsersSpanSeveralChunkedPropertiesAndComeBackEqual()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "rtusers");
        Subscription subscription = SubscriptionBuilder.Of(Offers.E3).WithQuantity(400).WithUsers(UserBuilder.Many(400));
        var customer = await new CustomerBuilder().With(subscription).SaveAsync(storage);

        var raw = await storage.RowAsync(TableLayout.CustomerPartition(customer.Partner, customer.Customer), TableLayout.SubscriptionRow(subscription.Id));
        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);

        var chunks = raw!.Keys.Where(k => k.StartsWith("Users", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.True(chunks.Count >= 3, $"400 users should need several chunks, got {string.Join(",", chunks)}");
        Assert.Equal(["Users", .. Enumerable.Range(1, chunks.Count - 1).Select(i => $"Users_{i}")], chunks);
        Assert.All(chunks, name => Assert.InRange(raw.GetString(name)!.Length, 1, 30_000));
        Assert.True(chunks.Sum(name => raw.GetString(name)!.Length) > 60_000);
        Json.Equal(subscription, Assert.Single(record!.Snapshot.Subscriptions));
    }

    [Fact]
    public async Task RewritingWithFewerUsersLeavesNoStaleChunkBehind()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "rtshrink");
        Subscription many = SubscriptionBuilder.Of(Offers.E3).WithQuantity(400).WithUsers(UserBuilder.Many(400));
        var customer = await new CustomerBuilder().With(many).SaveAsync(storage);
        var few = many with { AssignedUsers = [new UserBuilder("solo").Build()] };

        await storage.Customers.SaveSubscriptionAsync(customer.Partner, customer.Customer, few);

        var raw = await storage.RowAsync(TableLayout.CustomerPartition(customer.Partner, customer.Customer), TableLayout.SubscriptionRow(many.Id));
        Assert.Equal(["Users"], raw!.Keys.Where(k => k.StartsWith("Users", StringComparison.Ordinal)));
        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);
        Json.Equal(few, Assert.Single(record!.Snapshot.Subscriptions));
    }

    public static TheoryData<CustomerProfile> Profiles => new()
    {
        new CustomerProfile(Region.India, DelegatedAdminGrant.For(ServiceKind.ExchangeMailbox, ServiceKind.PowerBIPro), "Tata \"Cloud\" Pvt. Ltd., Mumbai", "IN"),
        new CustomerProfile(Region.Global, DelegatedAdminGrant.AllServices),
        new CustomerProfile(Region.Global, DelegatedAdminGrant.None, "Ünïcødé GmbH"),
        new CustomerProfile(Region.Global, new DelegatedAdminGrant(true, [])),
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task AProfileComesBackEqual(CustomerProfile profile)
    {
        var storage = await DataModelTable.CreateAsync(azurite, "rtprofile");
        var customer = await new CustomerBuilder().WithProfile(profile).SaveAsync(storage);

        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);

        Assert.Equal(profile.Region, record!.Snapshot.Region);
        Json.Equal(profile.DelegatedAdmin, record.Snapshot.DelegatedAdmin);
        Assert.Empty(record.Snapshot.Subscriptions);
        Assert.NotNull(record.ProfileETag);
        var raw = await storage.RowAsync(TableLayout.CustomerPartition(customer.Partner, customer.Customer), TableLayout.ProfileRow);
        Json.Equal(profile, CustomerProfileEntity.FromEntity(raw!));
    }

    [Fact]
    public async Task AFinishedOperationWithResultAndBillingLinesComesBackEqualByIdAndWithItsCustomer()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "rtop");
        var customer = await new CustomerBuilder().SaveAsync(storage);
        var source = A.Subscription();
        var id = A.Operation();
        var period = new BillingPeriod(new DateOnly(2024, 2, 29), new DateOnly(2024, 3, 29));
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, source)
            .WithId(id)
            .To(Offers.E5, UpgradeType.UpgradeOnly, quantity: 3)
            .PricedAt("35.123 BHD")
            .Changing(o => o with
            {
                CreatedAt = new DateTimeOffset(2024, 3, 11, 9, 30, 0, 123, TimeSpan.FromHours(5.5)).AddTicks(4567),
                Status = OperationStatus.Succeeded,
                CompletedAt = new DateTimeOffset(2024, 3, 11, 9, 31, 2, TimeSpan.Zero),
                TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                Result = new UpgradeResult(
                    source,
                    SubscriptionId.ForUpgradeTarget(id),
                    UpgradeType.UpgradeOnly,
                    [new UpgradeError(UpgradeErrorCodes.Other, "A note", "with \"details\"")],
                    [
                        new LicenseError(new UserObjectId("user-ana"), "Ana", "ana@contoso.example", [ServiceKind.PhoneSystem],
                            [new UpgradeError(LicenseErrorCodes.LicenseTransferNotRequested, "assign by hand")]),
                        new LicenseError(new UserObjectId("user-wei"), "张伟", "wei@contoso.example", [],
                            [new UpgradeError(LicenseErrorCodes.ServicesNotInTargetOffer, "reassign", "PhoneSystem, Teams")]),
                    ]),
                BillingLines =
                [
                    Proration.Credit(id, source, Offers.E3, Money.Parse("20.000 BHD"), 3, period, A.Today),
                    Proration.Charge(id, SubscriptionId.ForUpgradeTarget(id), Offers.E5, Money.Parse("35.123 BHD"), 3, period, A.Today),
                ],
            });

        var created = await storage.Operations.CreateAsync(operation);
        var found = await storage.Operations.FindAsync(customer.Partner, id);
        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer, [TableLayout.OperationRow(id)]);

        // Table Storage keeps the instant to the tick, not the offset: times come back in UTC.
        var expected = operation with { CreatedAt = operation.CreatedAt.ToUniversalTime() };
        Assert.IsType<CreateOperationOutcome.Created>(created);
        Json.Equal(expected, found);
        Assert.Equal(operation.CreatedAt, found!.CreatedAt);
        Assert.Equal(TimeSpan.Zero, found.CreatedAt.Offset);
        Json.Equal(expected, record!.Operation!.Operation);
        Assert.NotEqual(default, record.Operation.ETag);
    }

    [Fact]
    public async Task AQueuedOperationWithoutOptionalFieldsComesBackEqual()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "rtqueued");
        var customer = await new CustomerBuilder().SaveAsync(storage);
        UpgradeOperation operation = new OperationBuilder(customer.Partner, customer.Customer, A.Subscription());

        await storage.Operations.CreateAsync(operation);
        var found = await storage.Operations.FindAsync(customer.Partner, operation.Id);

        Json.Equal(operation, found);
        Assert.Null(found!.Request.Quantity);
        Assert.Null(found.Result);
        Assert.Empty(found.BillingLines);
    }
}
