using Azure;

namespace CspUpgrades.Storage.Tables;

/// <summary>Fetches query pages lazily, one request per page, following the service's continuation token.</summary>
internal sealed class TableQueryPageable(
    Func<string?, int?, CancellationToken, Task<Page<TableEntity>>> fetchPage,
    int? maxPerPage,
    CancellationToken cancellationToken) : AsyncPageable<TableEntity>(cancellationToken)
{
    public override async IAsyncEnumerable<Page<TableEntity>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        do
        {
            var page = await fetchPage(continuationToken, pageSizeHint ?? maxPerPage, CancellationToken);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);
    }
}
