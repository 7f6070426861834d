namespace CspUpgrades.Storage.Diagnostics;

/// <summary>
/// One attempt sent to storage, as the <see cref="StorageRequestCounter"/> saw it.
/// </summary>
/// <param name="Method">HTTP method (GET, POST, PUT, MERGE, DELETE).</param>
/// <param name="Path">The escaped URL path, e.g. <c>/devstoreaccount1/Upgrades(PartitionKey='a',RowKey='b')</c>.</param>
/// <param name="Query">The escaped query string, with its leading '?', or empty.</param>
/// <param name="Resource">The table or queue name.</param>
/// <param name="PartitionKey">The one partition the request touches, when the client knows it (point operations,
/// inserts, transactions, and queries whose filter pins <c>PartitionKey eq '…'</c>); otherwise null.</param>
/// <param name="Filter">The unescaped <c>$filter</c> of a query, or null.</param>
/// <param name="Attempt">0 for the first attempt, 1 for the first retry, and so on.</param>
/// <param name="Status">The HTTP status received, or 0 when the attempt ended in an exception.</param>
/// <param name="RowKeys">The rows the request names: the one row of a point read, write or delete, every row of a
/// transaction; empty for queries (their <see cref="Filter"/> says what they read) and for queue requests.</param>
public sealed record StorageRequest(
    string Method,
    string Path,
    string Query,
    string? Resource,
    string? PartitionKey,
    string? Filter,
    int Attempt,
    int Status,
    IReadOnlyList<string> RowKeys)
{
    public bool IsRetry => Attempt > 0;

    /// <summary>
    /// Every partition a table request can touch: for a query, what its filter confines it to (each <c>or</c>
    /// branch counted, see <see cref="FilterPartitions"/>), otherwise the one <see cref="PartitionKey"/>. Null when
    /// nothing confines it: a query that can reach any partition (a scan), and requests that are not about rows
    /// (queues, creating a table).
    /// </summary>
    public IReadOnlySet<string>? Partitions => Filter is not null
        ? FilterPartitions.Reachable(Filter)
        : PartitionKey is { } partitionKey ? new HashSet<string>(StringComparer.Ordinal) { partitionKey } : null;
}
