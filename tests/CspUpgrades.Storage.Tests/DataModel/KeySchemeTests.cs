using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// The key scheme of <c>TableLayout</c>: keys are built only from validated ids, so no value can break out of a
/// filter or an address; row kinds sort into the ranges the queries rely on; partner ranges never overlap.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class KeySchemeTests(AzuriteFixture azurite)
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

    public static TheoryData<string> HostileIds => new()
    {
        "o'brien", "x' or PartitionKey ne '", "a') or (RowKey ne '", "a/b", "a\\b", "a#b", "a?b", "a|b", "~audit", "a b",
        "a\u0000b", "a\nb", "café", "", new string('a', 65),
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void NoIdTypeAcceptsAValueThatCouldEscapeAKeyOrAFilter(string hostile)
    {
        Assert.Throws<ArgumentException>(() => new PartnerId(hostile));
        Assert.Throws<ArgumentException>(() => new CustomerId(hostile));
        Assert.Throws<ArgumentException>(() => new SubscriptionId(hostile));
        Assert.Throws<ArgumentException>(() => new OperationId(hostile));
        Assert.False(PartnerId.TryParse(hostile, out _));
        Assert.False(CustomerId.TryParse(hostile, out _));
        Assert.False(SubscriptionId.TryParse(hostile, out _));
        Assert.False(OperationId.TryParse(hostile, out _));
    }

    [Fact]
    public void EveryKeyBuiltFromValidIdsIsFreeOfForbiddenCharactersAndParsesBack()
    {
        var random = new Random(20240311);
        for (var i = 0; i < 2_000; i++)
        {
            var partner = new PartnerId(RandomId(random));
            var customer = new CustomerId(RandomId(random));
            var subscription = new SubscriptionId(RandomId(random));
            var operation = new OperationId(RandomId(random));
            string[] keys =
            [
                TableLayout.CustomerPartition(partner, customer), TableLayout.PartnerPartition(partner), TableLayout.AuditPartition(partner),
                TableLayout.SubscriptionRow(subscription), TableLayout.ClaimRow(subscription), TableLayout.OperationRow(operation),
                TableLayout.BillingRow(Domain.Billing.BillingLineId.For(operation, Domain.Billing.BillingLineKind.Credit)),
                TableLayout.ProfileRow, TableLayout.ApiKeysPartition, AuditReportStore.RunsPartition,
                TableLayout.HistoryRow(subscription, DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(4_000_000_000)), operation),
            ];

            Assert.All(keys, key => Assert.True(key.Length is > 0 and <= 1024 && key.IndexOfAny(['/', '\\', '#', '?']) < 0 && !key.Any(char.IsControl), key));
            Assert.Equal((partner, customer), TableLayout.ParseCustomerPartition(TableLayout.CustomerPartition(partner, customer)));
            Assert.Null(TableLayout.ParseCustomerPartition(TableLayout.PartnerPartition(partner)));
            Assert.Null(TableLayout.ParseCustomerPartition(TableLayout.AuditPartition(partner)));
        }

        Assert.Null(TableLayout.ParseCustomerPartition(TableLayout.ApiKeysPartition));
        Assert.Null(TableLayout.ParseCustomerPartition(AuditReportStore.RunsPartition));
    }

    [Fact]
    public void TheSnapshotRangeHoldsProfileSubscriptionsClaimsAndPendingEventsAndNothingElse()
    {
        var random = new Random(7);
        var ids = Enumerable.Range(0, 500).Select(_ => RandomId(random)).Concat(["claim", "sub", "a", "z", "___", "...", "profile"]).ToList();
        foreach (var id in ids)
        {
            var subscription = new SubscriptionId(id);
            var operation = new OperationId(id);
            Assert.True(InSnapshotRange(TableLayout.SubscriptionRow(subscription)), id);
            Assert.True(InSnapshotRange(TableLayout.ClaimRow(subscription)), id);
            Assert.False(InSnapshotRange(TableLayout.OperationRow(operation)), id);
            Assert.False(InSnapshotRange(TableLayout.BillingRow(id)), id);
            Assert.False(InSnapshotRange(TableLayout.EventRow(id)), id);
            Assert.False(InSnapshotRange(TableLayout.HistoryRow(subscription, DateTimeOffset.MinValue, operation)), id);
            Assert.False(InSnapshotRange(TableLayout.HistoryRow(subscription, DateTimeOffset.MaxValue, operation)), id);
            // Pending events ride along with every read of the customer, so any reader can publish what a writer left.
            Assert.True(InSnapshotRange(TableLayout.PublishRow(DateTimeOffset.MinValue, 0, id)), id);
            Assert.True(InSnapshotRange(TableLayout.PublishRow(DateTimeOffset.MaxValue, 999, id)), id);
            Assert.False(TableLayout.IsSubscriptionRow(TableLayout.PublishRow(DateTimeOffset.UnixEpoch, 0, id)), id);
        }

        Assert.True(InSnapshotRange(TableLayout.ProfileRow));
    }

    [Fact]
    public void ASubscriptionsHistoryRangeHoldsItsEntriesNewestFirstAndNoOtherSubscriptions()
    {
        var subscription = new SubscriptionId("a");
        var (from, to) = TableLayout.HistoryRange(subscription);
        bool InRange(string rowKey) => string.CompareOrdinal(rowKey, from) >= 0 && string.CompareOrdinal(rowKey, to) < 0;
        var random = new Random(3);
        var times = Enumerable.Range(0, 200).Select(_ => DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(long.MaxValue / 4))).ToList();

        var keys = times.Select((at, i) => TableLayout.HistoryRow(subscription, at, new OperationId($"op-{i}"))).ToList();

        Assert.All(keys, key => Assert.True(InRange(key), key));
        Assert.Equal(
            times.Select((at, i) => (at, i)).OrderByDescending(entry => entry.at).Select(entry => keys[entry.i]),
            keys.Order(StringComparer.Ordinal));
        Assert.All(keys, key => Assert.True(TableLayout.IsHistoryPosition(key[from.Length..]), key));
        foreach (var other in new[] { "a-b", "a.b", "a_", "aa", "A", "b" })
        {
            Assert.False(InRange(TableLayout.HistoryRow(new SubscriptionId(other), times[0], new OperationId("op"))), other);
        }

        foreach (var notAPosition in new[] { "", "123|op", "12345678901234567890|op", "123456789012345678a|op", "1234567890123456789|", "1234567890123456789|a b", "1234567890123456789-op" })
        {
            Assert.False(TableLayout.IsHistoryPosition(notAPosition), notAPosition);
        }
    }

    [Theory]
    [InlineData("claim")]
    [InlineData("x-claim")]
    [InlineData("claim.1")]
    [InlineData("a")]
    [InlineData("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d")]
    public void ASubscriptionRowAndItsClaimRowAreToldApart(string id)
    {
        var subscription = new SubscriptionId(id);

        Assert.Equal((true, false), (TableLayout.IsSubscriptionRow(TableLayout.SubscriptionRow(subscription)), TableLayout.IsClaimRow(TableLayout.SubscriptionRow(subscription))));
        Assert.Equal((false, true), (TableLayout.IsSubscriptionRow(TableLayout.ClaimRow(subscription)), TableLayout.IsClaimRow(TableLayout.ClaimRow(subscription))));
    }

    [Fact]
    public async Task ASubscriptionWhoseIdIsClaimLoadsAsASubscription()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "keyclaim");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.E3).WithId("claim")).SaveAsync(storage);
        await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, new SubscriptionId("claim"), A.Operation(), A.Now);

        var record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);

        Json.Equal(customer.Subscriptions[0], Assert.Single(record!.Snapshot.Subscriptions));
        Assert.Equal("claim", Assert.Single(record.Claims).Key.Value);
    }

    [Theory]
    [InlineData("p")]
    [InlineData("p-1")]
    [InlineData("p.x")]
    [InlineData("p_")]
    [InlineData("pa")]
    [InlineData("P")]
    public void APartnersCustomerRangeHoldsItsCustomersOnlyNeverItsPartnerWideRowsNorAnotherPartners(string otherPartner)
    {
        var partner = new PartnerId("p");
        var other = new PartnerId(otherPartner);
        var (from, to) = TableLayout.CustomerPartitionsOf(partner);
        bool InRange(string partition) => string.CompareOrdinal(partition, from) >= 0 && string.CompareOrdinal(partition, to) < 0;
        var random = new Random(11);

        for (var i = 0; i < 200; i++)
        {
            var customer = new CustomerId(RandomId(random));
            Assert.True(InRange(TableLayout.CustomerPartition(partner, customer)));
            Assert.Equal(partner == other, InRange(TableLayout.CustomerPartition(other, customer)));
        }

        Assert.False(InRange(TableLayout.PartnerPartition(partner)));
        Assert.False(InRange(TableLayout.AuditPartition(partner)));
        Assert.False(InRange(TableLayout.ApiKeysPartition));
        Assert.False(InRange(AuditReportStore.RunsPartition));
    }

    private static bool InSnapshotRange(string rowKey) =>
        string.CompareOrdinal(rowKey, TableLayout.SnapshotRangeStart) >= 0 && string.CompareOrdinal(rowKey, TableLayout.SnapshotRangeEnd) < 0;

    private static string RandomId(Random random) =>
        new(Enumerable.Range(0, random.Next(1, 65)).Select(_ => IdAlphabet[random.Next(IdAlphabet.Length)]).ToArray());
}
