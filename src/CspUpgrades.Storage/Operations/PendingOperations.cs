using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Operations;

/// <summary>An operation that has been recorded and may not have finished yet: a row of <c>~pending</c>.</summary>
public sealed record PendingOperation(
    OperationId OperationId, PartnerId PartnerId, CustomerId CustomerId, SubscriptionId SourceSubscriptionId,
    DateTimeOffset CreatedAt, string RowKey);

/// <summary>
/// The small index of unfinished operations, so a sweeper can find operations whose queue message was lost
/// without scanning the table: partition <c>~pending</c>, row <c>{createdAt ticks:D19}|{operationId}</c>,
/// so "older than T" is one range query. Written before the operation row (a crash after it is recoverable),
/// deleted best-effort once the operation has finished. It is an index, never the truth: the operation row is.
/// </summary>
public class PendingOperations(TableClient table)
{
    public Task RecordAsync(UpgradeOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var entity = new TableEntity(TableLayout.PendingPartition, TableLayout.PendingRow(operation.CreatedAt, operation.Id))
        {
            ["OperationId"] = operation.Id.Value,
            ["PartnerId"] = operation.PartnerId.Value,
            ["CustomerId"] = operation.CustomerId.Value,
            ["SourceSubscriptionId"] = operation.Request.SourceSubscriptionId.Value,
            ["CreatedAt"] = operation.CreatedAt,
        };
        return table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Pending rows recorded before <paramref name="before"/>, oldest first: one range query (paged).</summary>
    public async IAsyncEnumerable<PendingOperation> RecordedBeforeAsync(
        DateTimeOffset before, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableLayout.PendingPartition} and RowKey lt {TableLayout.PendingRowBound(before)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new PendingOperation(
                new OperationId(StoredValue.Required(row.GetString("OperationId"), row, "OperationId")),
                new PartnerId(StoredValue.Required(row.GetString("PartnerId"), row, "PartnerId")),
                new CustomerId(StoredValue.Required(row.GetString("CustomerId"), row, "CustomerId")),
                new SubscriptionId(StoredValue.Required(row.GetString("SourceSubscriptionId"), row, "SourceSubscriptionId")),
                row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
                row.RowKey!);
        }
    }

    /// <summary>Deletes the operation's pending row; false if it was not there. Unconditional: the row never changes.</summary>
    public Task<bool> RemoveAsync(UpgradeOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RemoveAsync(TableLayout.PendingRow(operation.CreatedAt, operation.Id), cancellationToken);
    }

    /// <summary>Deletes a pending row the sweep found; false if it was not there.</summary>
    public Task<bool> RemoveAsync(PendingOperation row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        return RemoveAsync(row.RowKey, cancellationToken);
    }

    private async Task<bool> RemoveAsync(string rowKey, CancellationToken cancellationToken)
    {
        // The SDK answers a delete of a missing entity with its 404 response instead of an exception.
        var response = await table.DeleteEntityAsync(TableLayout.PendingPartition, rowKey, cancellationToken: cancellationToken);
        return response is { Status: not 404 };
    }
}
