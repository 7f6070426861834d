using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.History;

/// <summary>
/// Reads a subscription's history: the upgrades and license additions that touched it, newest first, a page at a time
/// from its own row range (<see cref="TableLayout.HistoryRange"/>) — never the customer's other rows. The rows are written by
/// the commits themselves (<c>UpgradeOperationStore</c>, <c>UpgradeCommits</c>, <c>LicenseCommits</c>), in the transaction
/// of the fact each reports.
/// </summary>
public class SubscriptionHistoryStore(TableClient table)
{
    /// <summary>Whether <paramref name="next"/> is a <see cref="SubscriptionHistoryPage.Next"/> this store could have made.</summary>
    public static bool IsPosition(string next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return TableLayout.IsHistoryPosition(next);
    }

    /// <summary>
    /// Up to <paramref name="top"/> entries after <paramref name="after"/> (a <see cref="SubscriptionHistoryPage.Next"/>; null
    /// for the newest). One range query of <paramref name="top"/> + 1 rows (the extra row only says whether a next page
    /// exists, so the last page says so itself); a first page with no entries costs a point read more, to tell a subscription
    /// with no history yet from one this partner does not have.
    /// </summary>
    /// <returns>Null when the partner has no such subscription.</returns>
    public async Task<SubscriptionHistoryPage?> ReadPageAsync(
        PartnerId partner, CustomerId customer, SubscriptionId subscription, int top, string? after, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (after is not null && !IsPosition(after))
        {
            throw new ArgumentException("Not a position in a subscription's history.", nameof(after));
        }

        var partition = TableLayout.CustomerPartition(partner, customer);
        var (from, to) = TableLayout.HistoryRange(subscription);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from + after} and RowKey lt {to}");

        // The service may end a page early (it stops after 5 s) with a continuation: go on until top + 1 rows or the end.
        var rows = new List<TableEntity>(top + 1);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: top + 1, cancellationToken: cancellationToken).AsPages())
        {
            rows.AddRange(page.Values);
            if (rows.Count > top)
            {
                break;
            }
        }

        if (after is null && rows.Count == 0 && !await SubscriptionExistsAsync(partition, subscription, cancellationToken))
        {
            return null;
        }

        var entries = rows.Take(top).ToList();
        var next = rows.Count > top ? entries[^1].RowKey![from.Length..] : null;
        return new SubscriptionHistoryPage(entries.Select(HistoryEntity.FromEntity).ToList(), next);
    }

    private async Task<bool> SubscriptionExistsAsync(string partition, SubscriptionId subscription, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            partition, TableLayout.SubscriptionRow(subscription), select: [nameof(TableEntity.RowKey)], cancellationToken: cancellationToken);
        return row.HasValue;
    }
}
