using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Audit;

/// <summary>
/// Streams every customer of every partner as a snapshot, one at a time, from one filtered scan of
/// the table: rows arrive ordered by partition, so a customer is complete when the partition key
/// changes, and memory holds one customer and at most two pages, never the whole table. The next page
/// is fetched while the caller works through the current one, so the scan waits on storage only once.
/// </summary>
public class CustomerScanner(TableClient table)
{
    /// <summary>For mocking.</summary>
    protected CustomerScanner() : this(null!)
    {
    }

    /// <summary>Every partition's snapshot rows (<c>profile</c>…<c>sub}</c>): what the scan reads.</summary>
    public static string Filter { get; } = TableClient.CreateQueryFilter($"RowKey ge {TableLayout.SnapshotRangeStart} and RowKey lt {TableLayout.SnapshotRangeEnd}");

    public virtual async IAsyncEnumerable<CustomerSnapshot> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in ScanRecordsAsync(cancellationToken))
        {
            yield return record.Snapshot;
        }
    }

    /// <summary>The same scan, each customer as a whole record: its profile and the claims held on its subscriptions too.</summary>
    public virtual async IAsyncEnumerable<CustomerRecord> ScanRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? partition = null;
        var rows = new List<TableEntity>();
        await using var pages = table.QueryAsync<TableEntity>(Filter, cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        var next = pages.MoveNextAsync();
        while (await next)
        {
            var page = pages.Current;
            next = pages.MoveNextAsync();
            foreach (var row in page.Values)
            {
                if (row.PartitionKey != partition)
                {
                    if (Complete(partition, rows) is { } snapshot)
                    {
                        yield return snapshot;
                    }

                    partition = row.PartitionKey;
                    rows.Clear();
                }

                rows.Add(row);
            }
        }

        if (Complete(partition, rows) is { } last)
        {
            yield return last;
        }
    }

    private static CustomerRecord? Complete(string? partition, List<TableEntity> rows) =>
        partition is not null && TableLayout.ParseCustomerPartition(partition) is { } ids
            ? CustomerRecordReader.Read(ids.Partner, ids.Customer, rows)
            : null;
}
