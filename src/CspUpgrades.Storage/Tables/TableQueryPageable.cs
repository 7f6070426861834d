using Azure;

namespace CspUpgrades.Storage.Tables;

/// <summary>Fetches query pages lazily, one request per page, following the service's continuation token.
/// Each enumeration gets its own reader, so enumerating one pageable twice at once is safe.</summary>
internal sealed class TableQueryPageable(
    Func<string?, int?, TableEntityReader, CancellationToken, Task<Page<TableEntity>>> fetchPage,
    int? maxPerPage,
    CancellationToken cancellationToken) : AsyncPageable<TableEntity>(cancellationToken)
{
    public override async IAsyncEnumerable<Page<TableEntity>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        var reader = new TableEntityReader();
        do
        {
            var page = await fetchPage(continuationToken, pageSizeHint ?? maxPerPage, reader, CancellationToken);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);
    }
}
