using Azure.Core;

namespace CspUpgrades.Testing.Azurite.Requests;

/// <summary>
/// One attempt sent to storage, as the <see cref="StorageRequestRecorder"/> saw it on the wire. What it is about (table or
/// queue, partition, rows, filter) is read from the request itself when first asked for (see <see cref="StorageRequestTarget"/>).
/// </summary>
public sealed class StorageRequest
{
    private readonly Lazy<StorageRequestTarget> _target;

    private StorageRequest(string method, string path, string query, int attempt, int status, Func<StorageRequestTarget> target)
    {
        Method = method;
        Path = path;
        Query = query;
        Attempt = attempt;
        Status = status;
        _target = new Lazy<StorageRequestTarget>(target, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>HTTP method (GET, POST, PUT, PATCH for a merge, DELETE).</summary>
    public string Method { get; }

    /// <summary>The escaped URL path, e.g. <c>/devstoreaccount1/Upgrades(PartitionKey='a',RowKey='b')</c>.</summary>
    public string Path { get; }

    /// <summary>The escaped query string, with its leading '?', or empty.</summary>
    public string Query { get; }

    /// <summary>0 for the first attempt, 1 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>The HTTP status received, or 0 when the attempt ended in an exception.</summary>
    public int Status { get; }

    public bool IsRetry => Attempt > 0;

    /// <summary>The table or queue name.</summary>
    public string? Resource => _target.Value.Resource;

    /// <summary>The one partition the request touches: point operations, inserts, transactions, and queries whose filter
    /// confines them to exactly one partition; otherwise null.</summary>
    public string? PartitionKey => _target.Value.PartitionKey;

    /// <summary>The unescaped <c>$filter</c> of a query, or null.</summary>
    public string? Filter => _target.Value.Filter;

    /// <summary>The rows the request names: the one row of a point read, write or delete, every row of a transaction;
    /// empty for queries (their <see cref="Filter"/> says what they read) and for queue requests.</summary>
    public IReadOnlyList<string> RowKeys => _target.Value.RowKeys;

    /// <summary>
    /// Every partition a table request can touch: for a query, what its filter confines it to (each <c>or</c>
    /// branch counted, see <see cref="FilterPartitions"/>), otherwise the one <see cref="PartitionKey"/>. Null when
    /// nothing confines it: a query that can reach any partition (a scan), and requests that are not about rows
    /// (queues, creating a table).
    /// </summary>
    public IReadOnlySet<string>? Partitions => _target.Value.Partitions;

    public override string ToString() => $"{Method} {Path}{Query} (attempt {Attempt}, {Status})";

    internal static StorageRequest From(StorageService service, Request request, int attempt, int status)
    {
        var uri = request.Uri.ToUri();
        var method = request.Method.Method;
        // Only inserts and transactions carry their keys in the body: copy it now (the message is disposed later), read it if asked.
        // Nothing of the request itself is kept.
        var body = request.Method == RequestMethod.Post && service == StorageService.Table ? Copy(request.Content) : null;
        return new StorageRequest(method, uri.AbsolutePath, uri.Query, attempt, status, () => StorageRequestTarget.Read(service, uri, method, body));
    }

    private static byte[]? Copy(RequestContent? content)
    {
        if (content is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        return buffer.ToArray();
    }
}
