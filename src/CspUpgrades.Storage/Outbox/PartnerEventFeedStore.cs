using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Outbox;

/// <summary>A page of the partner's feed: its events in feed order, and the position of the last one (null: none).</summary>
public sealed record PartnerEventFeedPage(IReadOnlyList<PartnerEvent> Events, string? LastPosition);

/// <summary>
/// The partner's event feed, <c>{partner}|~events</c>: every published event, appended in batches whose row keys start with
/// the time of appending, and read forward from a position. See <see cref="ReadAsync"/> for why a reader never skips one.
/// </summary>
public class PartnerEventFeedStore(TableClient table)
{
    /// <summary>
    /// Appends <paramref name="events"/> (one partner's) in order at <paramref name="appendedAt"/>: one entity group
    /// transaction per 100. Appending the same event again appends a duplicate (the reader drops it by its id).
    /// </summary>
    public async Task AppendAsync(PartnerId partner, IReadOnlyList<PartnerEvent> events, DateTimeOffset appendedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var partition = TableLayout.EventFeedPartition(partner);
        var rows = events.Select((partnerEvent, index) => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            OutboxEntity.ToEntity(partition, TableLayout.FeedRow(appendedAt, index, partnerEvent.Id), partnerEvent)));
        foreach (var batch in rows.Chunk(EntityGroupTransaction.MaxActions))
        {
            await table.SubmitEntityGroupAsync(batch, cancellationToken);
        }
    }

    /// <summary>
    /// Up to <paramref name="top"/> events after <paramref name="afterPosition"/> (null: from the start) that were appended
    /// before <paramref name="settledBefore"/>. A reader stops short of the most recent rows because an append that began
    /// earlier may still be landing with an earlier time in its keys; the drain re-appends any batch that took longer than
    /// half the settle time, so every event is visible below the bound before a reader passes it.
    /// </summary>
    public async Task<PartnerEventFeedPage> ReadAsync(
        PartnerId partner, string? afterPosition, int top, DateTimeOffset settledBefore, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.EventFeedPartition(partner);
        var from = afterPosition ?? string.Empty;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {TableLayout.FeedRowBound(settledBefore)}");
        var events = new List<PartnerEvent>(Math.Min(top, 100));
        string? last = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: top, cancellationToken: cancellationToken))
        {
            events.Add(OutboxEntity.FromEntity(row));
            last = row.RowKey;
            if (events.Count == top)
            {
                break;
            }
        }

        return new PartnerEventFeedPage(events, last);
    }
}
