using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// <c>CustomerSummaryStore</c>: the customer list's line is recomputed from the customer's partition by the eligibility
/// evaluation, and a refresh that read the customer before another refresh wrote never puts its older reading back.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CustomerSummaryStoreTests(AzuriteFixture azurite)
{
    private static readonly TimeProvider Clock = new FixedClock(A.Now);

    [Fact]
    public async Task ARefreshCountsEachSubscriptionAsEligibilityAnswersItAClaimedOneAsBlocked()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "sumcount");
        var customer = await new CustomerBuilder()
            .WithProfile(new CustomerProfile(Domain.Catalog.Region.Global, DelegatedAdminGrant.AllServices, "Fabrikam Ltd", "FR"))
            .With(
                SubscriptionBuilder.Of(Offers.BusinessEssentials),
                SubscriptionBuilder.Of(Offers.Business),
                SubscriptionBuilder.Of(Offers.BusinessPremium).Suspended(),
                SubscriptionBuilder.Of(Offers.E3))
            .SaveAsync(storage);
        await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, customer.Subscriptions[1].Id, A.Operation(), A.Now);
        var summaries = new CustomerSummaryStore(storage.Table, storage.Customers);

        Assert.True(await summaries.RefreshAsync(customer.Partner, customer.Customer, A.Catalog, Clock));

        var line = Assert.Single((await summaries.ReadPageAsync(customer.Partner, 10, null)).Items);
        Assert.Equal(
            new CustomerSummary(customer.Customer, "Fabrikam Ltd", "FR", Domain.Primitives.CurrencyCode.Usd, 4, 1, 2, A.Now),
            line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARefreshThatReadTheCustomerBeforeAnotherRefreshWroteStartsOverRatherThanWriteItsOlderReading(bool lineExisted)
    {
        var storage = await DataModelTable.CreateAsync(azurite, "sumrace");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.BusinessEssentials)).SaveAsync(storage);
        var partition = TableLayout.CustomerPartition(customer.Partner, customer.Customer);
        var summaries = new CustomerSummaryStore(storage.Table, storage.Customers);
        if (lineExisted)
        {
            await summaries.RefreshAsync(customer.Partner, customer.Customer, A.Catalog, Clock);
        }

        // The slow refresh reads the customer with its subscription active; before it writes, the subscription is suspended
        // and a second refresh writes the line from that newer reading.
        var options = new TableClientOptions();
        options.AddPolicy(new AfterFirstRead(partition, async () =>
        {
            await storage.Customers.SaveSubscriptionAsync(customer.Partner, customer.Customer, customer.Subscriptions[0] with { Status = SubscriptionStatus.Suspended });
            Assert.True(await summaries.RefreshAsync(customer.Partner, customer.Customer, A.Catalog, Clock));
        }), HttpPipelinePosition.PerCall);
        var slowTable = new TableClient(azurite.ConnectionString, storage.Table.Name, options);
        var slow = new CustomerSummaryStore(slowTable, new CustomerStore(slowTable));

        Assert.True(await slow.RefreshAsync(customer.Partner, customer.Customer, A.Catalog, Clock));

        var line = Assert.Single((await summaries.ReadPageAsync(customer.Partner, 10, null)).Items);
        Assert.Equal((0, 1), (line.UpgradableCount, line.BlockedCount));
    }

    [Fact]
    public async Task ACustomerThatDoesNotExistGetsNoLine()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "sumnone");
        var summaries = new CustomerSummaryStore(storage.Table, storage.Customers);
        var partner = A.Partner();

        Assert.True(await summaries.RefreshAsync(partner, A.Customer(), A.Catalog, Clock));

        Assert.Empty((await summaries.ReadPageAsync(partner, 10, null)).Items);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Runs <paramref name="then"/> once, after the first snapshot query of <paramref name="partition"/> has been answered.</summary>
    private sealed class AfterFirstRead(string partition, Func<Task> then) : HttpPipelinePolicy
    {
        private int _fired;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Get
                && Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains($"PartitionKey eq '{partition}' and (", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _fired, 1) == 0)
            {
                await then();
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();
    }
}
