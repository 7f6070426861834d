using Azure;
using Azure.Data.Tables;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Outbox;

/// <summary>Removes outbox rows once their events are in the feed (and, when configured, on Service Bus).</summary>
public class OutboxStore(TableClient table)
{
    /// <summary>
    /// Deletes the rows of <paramref name="published"/>: one transaction per partition and 100 rows. A row already gone (a
    /// concurrent drain published it too) fails its transaction; then each row is deleted alone, and a missing one is fine.
    /// </summary>
    public async Task DeleteAsync(IReadOnlyList<PendingEvent> published, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(published);
        foreach (var partition in published.GroupBy(pending => pending.PartitionKey))
        {
            foreach (var batch in partition.Chunk(EntityGroupTransaction.MaxActions))
            {
                var actions = batch
                    .Select(pending => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pending.PartitionKey, pending.RowKey), ETag.All))
                    .ToList();
                try
                {
                    await table.SubmitEntityGroupAsync(actions, cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404)
                {
                    foreach (var pending in batch)
                    {
                        // DeleteEntityAsync answers a missing row with 404 as a response, not an exception.
                        await table.DeleteEntityAsync(pending.PartitionKey, pending.RowKey, ETag.All, cancellationToken);
                    }
                }
            }
        }
    }
}
