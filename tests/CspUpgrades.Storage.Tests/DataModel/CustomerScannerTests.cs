using System.Diagnostics;
using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// <c>CustomerScanner</c>: one filtered scan of the whole table yields every customer of every partner exactly once,
/// in partition order, never a partner-wide partition, and streams — a customer is yielded as soon as its rows are read.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CustomerScannerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task YieldsEveryCustomerOnceInPartitionOrderAndNoPartnerWidePartition()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "scanall");
        var expected = new List<(string Partition, int Subscriptions)>();
        foreach (var partnerName in new[] { "zeta", "alpha", "alpha-2" })
        {
            var partner = A.Partner(partnerName);
            for (var c = 0; c < 4; c++)
            {
                var customer = new CustomerBuilder().Of(partner);
                for (var s = 0; s <= c; s++)
                {
                    customer.With(SubscriptionBuilder.Of(Offers.E3));
                }

                await customer.SaveAsync(storage);
                expected.Add((TableLayout.CustomerPartition(partner, customer.Customer), c + 1));

                // Rows outside the snapshot range in the customer's partition: an operation, its claim, an event.
                var operation = new OperationBuilder(partner, customer.Customer, customer.Subscriptions[0].Id).Build();
                await storage.Operations.CreateAsync(operation);
                await storage.Claims.TryClaimAsync(partner, customer.Customer, customer.Subscriptions[0].Id, operation.Id, A.Now);
                await storage.Events.ApplyProfileAsync(partner, customer.Customer, $"evt-{c}", A.Now, customer.Profile);
            }

            // Partner-wide rows, some of them inside the snapshot row range.
            await storage.Audits.WriteSummaryAsync(new AuditRun("20240311T093000Z-1a2b3c4d", partner, A.Now, A.Now, 4, 10, 0));
            await storage.Table.UpsertEntityAsync(new TableEntity(TableLayout.PartnerPartition(partner), "sub|looks-like-a-subscription"));
            await storage.ApiKeys.AddAsync(new PartnerApiKeyRecord($"q{A.Next():D15}", partner, "hash", A.Now));
        }

        // A partition with operations only is no customer; the service-wide run rows (run|…) sort inside the range.
        var idle = A.Customer("idle");
        await storage.Operations.CreateAsync(new OperationBuilder(A.Partner(), idle, A.Subscription()).Build());
        await storage.Audits.CompleteRunAsync("20240311T093000Z-1a2b3c4d", A.Now, A.Now, 12, 0);
        await storage.ApiKeys.AddAsync(new PartnerApiKeyRecord("sub|key", A.Partner(), "hash", A.Now));

        var scanned = new List<CustomerSnapshot>();
        await foreach (var snapshot in storage.Scanner.ScanAsync())
        {
            scanned.Add(snapshot);
        }

        var expectedOrder = expected.OrderBy(e => e.Partition, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedOrder.Select(e => e.Partition), scanned.Select(s => TableLayout.CustomerPartition(s.PartnerId, s.CustomerId)));
        Assert.Equal(expectedOrder.Select(e => e.Subscriptions), scanned.Select(s => s.Subscriptions.Count));
        Assert.All(scanned, s => Assert.Equal(DelegatedAdminGrant.AllServices.Services, s.DelegatedAdmin.Services));
    }

    [Fact]
    public async Task StreamsFiveThousandSubscriptionsYieldingTheFirstCustomerAfterThePageThatHoldsIt()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "scanbig");
        // 98 rows a customer: page boundaries (every 1,000 rows) fall inside customers, which must come out whole.
        const int Customers = 52, SubscriptionsEach = 97;
        var partner = A.Partner();
        await Parallel.ForEachAsync(Enumerable.Range(0, Customers), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) =>
        {
            var partition = TableLayout.CustomerPartition(partner, A.Customer());
            var rows = Enumerable.Range(0, SubscriptionsEach)
                .Select(_ => SubscriptionEntity.ToEntity(partition, SubscriptionBuilder.Of(Offers.E1).WithUsers(new UserBuilder("u")).Build()))
                .Prepend(CustomerProfileEntity.ToEntity(partition, new CustomerProfile(Region.Global, DelegatedAdminGrant.AllServices)));
            await storage.Table.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)).ToList(), ct);
        });

        var customers = 0;
        var subscriptions = 0;
        int? requestsAtFirstYield = null;
        var clock = Stopwatch.StartNew();
        TimeSpan? firstYield = null;
        using var scope = StorageRequestRecorder.BeginScope();
        await foreach (var snapshot in storage.Scanner.ScanAsync())
        {
            requestsAtFirstYield ??= scope.Requests;
            firstYield ??= clock.Elapsed;
            customers++;
            subscriptions += snapshot.Subscriptions.Count;
        }

        var total = scope.Requests;
        output.WriteLine($"{subscriptions} subscriptions of {customers} customers: {total} requests ({total * 1000.0 / subscriptions:F2} per 1,000 subscriptions); first customer after {requestsAtFirstYield} request(s), {firstYield?.TotalMilliseconds:F0} ms of {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal((Customers, Customers * SubscriptionsEach), (customers, subscriptions));
        Assert.Equal(1, requestsAtFirstYield);
        Assert.Equal((int)Math.Ceiling(Customers * (SubscriptionsEach + 1) / 1000.0), total);
        Assert.All(scope.Recorded, r => Assert.Equal(
            $"RowKey ge '{TableLayout.SnapshotRangeStart}' and RowKey lt '{TableLayout.SnapshotRangeEnd}'", r.Filter));
    }
}
