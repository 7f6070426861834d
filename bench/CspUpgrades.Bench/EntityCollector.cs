using Azure;
using Azure.Data.Tables;

namespace CspUpgrades.Bench;

/// <summary>
/// A table that sends nothing: it keeps the rows the app's own stores would write (<c>CustomerStore.SaveProfileAsync</c>,
/// <c>SaveSubscriptionAsync</c>), so the seeder can send exactly those rows in transactions of up to 100.
/// </summary>
internal sealed class EntityCollector : TableClient
{
    public List<TableEntity> Entities { get; } = [];

    public override string Name => "collector";

    public override Task<Response> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        Entities.Add(entity as TableEntity ?? throw new ArgumentException("The stores write TableEntity rows.", nameof(entity)));
        return Task.FromResult<Response>(new Testing.Azurite.Faults.FakeResponse(204, string.Empty, ("ETag", "W/\"datetime'2026-01-01T00%3A00%3A00Z'\"")));
    }
}
