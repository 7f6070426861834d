using System.Runtime.CompilerServices;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tables;

namespace CspUpgrades.Storage.Audit;

/// <summary>
/// Streams every customer of every partner as a snapshot, one at a time, from one filtered scan of
/// the table: rows arrive ordered by partition, so a customer is complete when the partition key
/// changes, and memory holds one customer, never the whole table.
/// </summary>
public class CustomerScanner(TableClient table)
{
    /// <summary>For mocking.</summary>
    protected CustomerScanner() : this(null!)
    {
    }

    public virtual async IAsyncEnumerable<CustomerSnapshot> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {TableLayout.SnapshotRangeStart} and RowKey lt {TableLayout.SnapshotRangeEnd}");
        string? partition = null;
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync(filter, cancellationToken: cancellationToken))
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

        if (Complete(partition, rows) is { } last)
        {
            yield return last;
        }
    }

    private static CustomerSnapshot? Complete(string? partition, List<TableEntity> rows) =>
        partition is not null && TableLayout.ParseCustomerPartition(partition) is { } ids
            ? CustomerRecordReader.Read(ids.Partner, ids.Customer, rows)?.Snapshot
            : null;
}
