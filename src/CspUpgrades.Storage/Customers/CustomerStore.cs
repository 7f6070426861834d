using Azure;
using Azure.Data.Tables;
using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Customers;

/// <summary>Reads a customer (snapshot, claims, optionally an operation) in one query, and writes its profile and subscriptions.</summary>
public class CustomerStore(TableClient table)
{
    /// <summary>
    /// Deletes every row in <paramref name="partner"/>'s partitions: its customers (profiles, subscriptions, operations,
    /// billing lines) and its audit findings. Its API keys stay. For the operator's demo reset, never a partner's request.
    /// </summary>
    public async Task<int> DeleteEverythingOfPartnerAsync(PartnerId partner, CancellationToken cancellationToken = default)
    {
        var (from, _) = TableLayout.CustomerPartitionsOf(partner);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {partner.Value + "}"}");
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [nameof(TableEntity.PartitionKey), nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(row.PartitionKey!, row.RowKey!, cancellationToken: cancellationToken);
            deleted++;
        }

        return deleted;
    }

    /// <summary>The customer, and the upgrade operation <paramref name="operation"/> if it was recorded (<see cref="CustomerRecord.Operation"/>).</summary>
    public Task<CustomerRecord?> LoadAsync(PartnerId partner, CustomerId customer, OperationId operation, CancellationToken cancellationToken = default) =>
        LoadAsync(partner, customer, [TableLayout.OperationRow(operation)], cancellationToken);

    /// <summary>The customer, and <paramref name="operation"/>'s billing line of <paramref name="kind"/> if it was written.</summary>
    public Task<CustomerRecord?> LoadWithBillingLineAsync(
        PartnerId partner, CustomerId customer, OperationId operation, BillingLineKind kind, CancellationToken cancellationToken = default) =>
        LoadAsync(partner, customer, [TableLayout.BillingRow(BillingLineId.For(operation, kind))], cancellationToken);

    /// <summary>
    /// The customer in one request: its profile, subscriptions and claims (one row range), plus the
    /// rows named in <paramref name="alsoRead"/> (an operation, a billing line). Null when the partner
    /// has no such customer.
    /// </summary>
    public async Task<CustomerRecord?> LoadAsync(
        PartnerId partner, CustomerId customer, IReadOnlyCollection<string>? alsoRead = null, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.CustomerPartition(partner, customer);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and ((RowKey ge {TableLayout.SnapshotRangeStart} and RowKey lt {TableLayout.SnapshotRangeEnd})");
        foreach (var rowKey in alsoRead ?? [])
        {
            filter += " or " + TableClient.CreateQueryFilter($"RowKey eq {rowKey}");
        }

        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter + ")", cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return CustomerRecordReader.Read(partner, customer, rows);
    }

    public async Task<ETag> SaveProfileAsync(PartnerId partner, CustomerId customer, CustomerProfile profile, CancellationToken cancellationToken = default) =>
        StoredETag.Of(await table.UpsertEntityAsync(
            CustomerProfileEntity.ToEntity(TableLayout.CustomerPartition(partner, customer), profile),
            TableUpdateMode.Replace,
            cancellationToken));

    /// <summary>Writes a subscription unconditionally (seeding, administrative fixes).</summary>
    public async Task<ETag> SaveSubscriptionAsync(PartnerId partner, CustomerId customer, Subscription subscription, CancellationToken cancellationToken = default) =>
        StoredETag.Of(await table.UpsertEntityAsync(
            SubscriptionEntity.ToEntity(TableLayout.CustomerPartition(partner, customer), subscription),
            TableUpdateMode.Replace,
            cancellationToken));
}
