using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Billing;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tests.DataModel.Builders;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel;

/// <summary>
/// <c>CustomerStore.LoadAsync</c>: everything an eligibility check needs — profile, subscriptions, claims — in one
/// request for one partition's snapshot range, plus only the extra rows asked for by key; never another partner's rows.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CustomerLoadTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task LoadsProfileSubscriptionsAndClaimsInOneRequest()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "loadone");
        var customer = await new CustomerBuilder()
            .With(SubscriptionBuilder.Of(Offers.Business), SubscriptionBuilder.Of(Offers.E3).Suspended())
            .SaveAsync(storage);
        var claimed = customer.Subscriptions[0].Id;
        var operation = A.Operation();
        await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, claimed, operation, A.Now);

        CustomerRecord? record;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);
            var request = Assert.Single(scope.Recorded);
            Assert.Equal(("GET", TableLayout.CustomerPartition(customer.Partner, customer.Customer)), (request.Method, request.PartitionKey));
        }

        Assert.Equal((customer.Partner, customer.Customer), (record!.Snapshot.PartnerId, record.Snapshot.CustomerId));
        var ids = customer.Subscriptions.Select(s => s.Id.Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ids, record.Snapshot.Subscriptions.Select(s => s.Id.Value).Order(StringComparer.Ordinal));
        Assert.Equal(ids, record.SubscriptionETags.Keys.Select(id => id.Value).Order(StringComparer.Ordinal));
        var claim = Assert.Single(record.Claims).Value;
        Assert.Equal((claimed, operation, A.Now), (claim.SubscriptionId, claim.OperationId, claim.ClaimedAt));
        Assert.Same(claim, record.ClaimOn(claimed));
        Assert.Null(record.Operation);
        Assert.Empty(record.BillingLines);
    }

    [Fact]
    public async Task RowsAskedForByKeyComeInTheSameRequest()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "loadalso");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.Business)).SaveAsync(storage);
        var source = customer.Subscriptions[0];
        var operation = new OperationBuilder(customer.Partner, customer.Customer, source.Id).Build();
        await storage.Operations.CreateAsync(operation);
        var (charge, charged) = await WriteChargeAsync(storage, customer, source);

        CustomerRecord? record;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            record = await storage.Customers.LoadAsync(
                customer.Partner, customer.Customer,
                [TableLayout.OperationRow(operation.Id), TableLayout.BillingRow(charge.LineId), TableLayout.OperationRow(A.Operation())]);
            Assert.Equal(1, scope.Requests);
        }

        Assert.Equal(operation.Id, record!.Operation!.Operation.Id);
        var line = Assert.Single(record.BillingLines);
        Assert.Equal(charge.LineId, line.Key);
        Json.Equal(charge, line.Value.Line);
        Assert.Equal(charged, line.Value.OperationId);
        Assert.Single(record.Snapshot.Subscriptions);
    }

    [Fact]
    public async Task ABusyCustomerStillLoadsInOneRequestAndOnlyItsSnapshotRangeComesBack()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "loadbusy");
        var customer = new CustomerBuilder();
        var subscriptions = Enumerable.Range(0, 20).Select(_ => SubscriptionBuilder.Of(Offers.E1).Build()).ToList();
        await customer.With([.. subscriptions]).SaveAsync(storage);
        var partition = TableLayout.CustomerPartition(customer.Partner, customer.Customer);
        var operations = new List<OperationId>();
        for (var i = 0; i < 3; i++)
        {
            var operation = new OperationBuilder(customer.Partner, customer.Customer, subscriptions[i].Id).Build();
            await storage.Operations.CreateAsync(operation);
            operations.Add(operation.Id);
        }

        await storage.Table.SubmitTransactionAsync(Enumerable.Range(0, 50).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, BillingLineEntity.ToEntity(partition, Charge(subscriptions[i % 20], A.Operation()), operations[0].Value))));
        for (var i = 0; i < 10; i++)
        {
            await storage.Events.ApplySubscriptionAsync(
                customer.Partner, customer.Customer, subscriptions[i].Id, $"evt-{i}", A.Now.AddMinutes(i), s => s! with { Quantity = 11 });
        }

        await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, subscriptions[0].Id, operations[0], A.Now);
        await storage.Claims.TryClaimAsync(customer.Partner, customer.Customer, subscriptions[1].Id, operations[1], A.Now);
        var allRows = await storage.RowsAsync(customer.Partner, customer.Customer);
        // Profile, subscriptions, the seat ledger (the events changed seats), claims, operations, charges, event markers, the
        // operations' history entries.
        Assert.Equal(1 + 20 + 1 + 2 + 3 + 50 + 10 + 3, allRows.Count);

        CustomerRecord? record;
        StorageRequest request;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer);
            request = Assert.Single(scope.Recorded);
        }

        var expectedFilter = $"PartitionKey eq '{partition}' and ((RowKey ge 'profile' and RowKey lt 'sub}}'))";
        Assert.Equal(expectedFilter, request.Filter);
        Assert.Equal(1 + 20 + 1 + 2, (await storage.Table.QueryAsync<TableEntity>(request.Filter).ToListAsync()).Count);
        Assert.Equal(20, record!.Snapshot.Subscriptions.Count);
        Assert.Equal(10, record.Snapshot.Subscriptions.Count(s => s.Quantity == 11));
        Assert.Equal(2, record.Claims.Count);
        Assert.Null(record.Operation);
        Assert.Empty(record.BillingLines);

        using (var scope = StorageRequestRecorder.BeginScope())
        {
            record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer, [TableLayout.OperationRow(operations[1])]);
            Assert.Equal(1, scope.Requests);
        }

        Assert.Equal(operations[1], record!.Operation!.Operation.Id);
        Assert.Empty(record.BillingLines);
        Assert.Equal(20, record.Snapshot.Subscriptions.Count);
    }

    [Fact]
    public async Task ACustomerThePartnerDoesNotHaveIsNull()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "loadnone");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.Business)).SaveAsync(storage);

        using var scope = StorageRequestRecorder.BeginScope();
        var unknown = await storage.Customers.LoadAsync(customer.Partner, A.Customer());

        Assert.Null(unknown);
        Assert.Equal(1, scope.Requests);
    }

    [Fact]
    public async Task AnotherPartnerAskingForTheSameCustomerIdGetsNullFromItsOwnPartition()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "loadisolation");
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.Business)).SaveAsync(storage);
        var other = A.Partner("other");
        var operation = new OperationBuilder(customer.Partner, customer.Customer, customer.Subscriptions[0].Id).Build();
        await storage.Operations.CreateAsync(operation);

        CustomerRecord? seen;
        StorageRequest request;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            seen = await storage.Customers.LoadAsync(other, customer.Customer, [TableLayout.OperationRow(operation.Id)]);
            request = Assert.Single(scope.Recorded);
        }

        Assert.Null(seen);
        Filters.AssertPinnedTo(TableLayout.CustomerPartition(other, customer.Customer), request.Filter);
        Assert.NotNull(await storage.Customers.LoadAsync(customer.Partner, customer.Customer));
    }

    [Fact]
    public async Task AHostileRowKeyAskedForStaysALiteralInsideThePartition()
    {
        var storage = await DataModelTable.CreateAsync(azurite, "loadhostile");
        var victim = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.Business)).SaveAsync(storage);
        var customer = await new CustomerBuilder().With(SubscriptionBuilder.Of(Offers.E3)).SaveAsync(storage);

        StorageRequest request;
        CustomerRecord? record;
        using (var scope = StorageRequestRecorder.BeginScope())
        {
            record = await storage.Customers.LoadAsync(customer.Partner, customer.Customer, ["x') or (PartitionKey ne '", "op|' or ''='"]);
            request = Assert.Single(scope.Recorded);
        }

        Assert.Contains("RowKey eq 'x'') or (PartitionKey ne '''", request.Filter, StringComparison.Ordinal);
        Filters.AssertPinnedTo(TableLayout.CustomerPartition(customer.Partner, customer.Customer), request.Filter);
        Assert.Equal([customer.Subscriptions[0].Id], record!.Snapshot.Subscriptions.Select(s => s.Id));
        Assert.NotEqual(victim.Subscriptions[0].Id, record.Snapshot.Subscriptions[0].Id);
    }

    private static BillingLine Charge(Subscription subscription, OperationId operation) =>
        Proration.Charge(operation, subscription.Id, subscription.OfferId, subscription.UnitPrice, 2, subscription.BillingPeriodContaining(A.Today), A.Today);

    private static async Task<(BillingLine Line, OperationId Operation)> WriteChargeAsync(DataModelTable storage, CustomerBuilder customer, Subscription subscription)
    {
        var operation = A.Operation();
        var charge = Charge(subscription, operation);
        await storage.Table.AddEntityAsync(BillingLineEntity.ToEntity(TableLayout.CustomerPartition(customer.Partner, customer.Customer), charge, operation.Value));
        return (charge, operation);
    }
}
