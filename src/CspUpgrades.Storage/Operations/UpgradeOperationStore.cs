using Azure;
using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.History;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Storage.Operations;

/// <summary>Records accepted upgrade operations and finds them by id, always within one partner.</summary>
public class UpgradeOperationStore(TableClient table)
{
    private readonly PendingOperations _pending = new(table);

    /// <summary>
    /// Records the operation: first the partner-wide index row (insert-only, so it decides whether the
    /// id is new), then its <c>~pending</c> row (so an operation whose message is never sent is still
    /// found by the sweeper), then the operation row in the customer's partition. A retry after a crash
    /// between them finishes the recording. The operation row carries its source's history entry (<c>hist|…</c>) in the same
    /// transaction.
    /// </summary>
    /// <param name="events">The events announcing the accepted operation, written as outbox rows with the operation row.</param>
    public async Task<CreateOperationOutcome> CreateAsync(
        UpgradeOperation operation, IReadOnlyList<PartnerEvent>? events = null, CancellationToken cancellationToken = default)
    {
        events ??= [];
        try
        {
            await table.AddEntityAsync(OperationIndexEntity.ToEntity(operation), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await ExistingAsync(operation, events, cancellationToken);
        }

        await AddOperationRowAsync(operation, events, cancellationToken);
        return new CreateOperationOutcome.Created(operation);
    }

    /// <summary>
    /// The operation as the partner sees it: <see cref="OperationStatus.Running"/> while it holds its
    /// subscription's claim. Null when this partner has no such operation.
    /// </summary>
    public async Task<UpgradeOperation?> FindAsync(PartnerId partner, OperationId id, CancellationToken cancellationToken = default)
    {
        var index = await table.GetEntityIfExistsAsync<TableEntity>(TableLayout.PartnerPartition(partner), TableLayout.OperationRow(id), cancellationToken: cancellationToken);
        if (!index.HasValue)
        {
            return null;
        }

        var (customer, source, _) = OperationIndexEntity.Read(index.Value!);
        var partition = TableLayout.CustomerPartition(partner, customer);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and (RowKey eq {TableLayout.OperationRow(id)} or RowKey eq {TableLayout.ClaimRow(source)})");

        UpgradeOperation? operation = null;
        var running = false;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (TableLayout.IsClaimRow(row.RowKey!))
            {
                running = ClaimEntity.FromEntity(row).OperationId == id;
            }
            else
            {
                operation = OperationEntity.FromEntity(row);
            }
        }

        return operation is { Status: OperationStatus.Queued } && running
            ? operation with { Status = OperationStatus.Running }
            : operation;
    }

    private async Task<CreateOperationOutcome> ExistingAsync(UpgradeOperation operation, IReadOnlyList<PartnerEvent> events, CancellationToken cancellationToken)
    {
        var index = await table.GetEntityIfExistsAsync<TableEntity>(
            TableLayout.PartnerPartition(operation.PartnerId), TableLayout.OperationRow(operation.Id), cancellationToken: cancellationToken);
        var (customer, _, hash) = OperationIndexEntity.Read(index.Value!);
        if (customer != operation.CustomerId || hash != operation.RequestHash)
        {
            return new CreateOperationOutcome.KeyReused();
        }

        var existing = await table.GetEntityIfExistsAsync<TableEntity>(
            TableLayout.CustomerPartition(operation.PartnerId, operation.CustomerId), TableLayout.OperationRow(operation.Id), cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            return new CreateOperationOutcome.AlreadyExists(OperationEntity.FromEntity(existing.Value!));
        }

        // An earlier attempt wrote the index and stopped: finish it.
        await AddOperationRowAsync(operation, events, cancellationToken);
        return new CreateOperationOutcome.Created(operation);
    }

    /// <summary>The operation row and the source's history entry, in one transaction: the history never shows an operation storage lacks.</summary>
    private async Task AddOperationRowAsync(UpgradeOperation operation, IReadOnlyList<PartnerEvent> events, CancellationToken cancellationToken)
    {
        await _pending.RecordAsync(operation, cancellationToken);
        var row = OperationEntity.ToEntity(operation);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, row),
            // An upsert: the insert-only operation row already decides whether this is new.
            new(TableTransactionActionType.UpsertReplace,
                HistoryEntity.ToEntity(row.PartitionKey!, operation.Request.SourceSubscriptionId, SubscriptionHistoryEntry.ForUpgrade(operation))),
            .. OutboxEntity.Add(row.PartitionKey!, events),
        ];
        try
        {
            await table.SubmitEntityGroupAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
        {
            // An ambiguous earlier write landed: the rows are there, as intended.
        }
    }
}
