using Azure;
using CspUpgrades.Storage.Tables;

namespace CspUpgrades.Bench;

/// <summary>
/// A table that sends nothing: it keeps the rows the app's own stores would write (<c>CustomerStore.SaveProfileAsync</c>,
/// <c>SaveSubscriptionAsync</c>), so the seeder can send exactly those rows in transactions of up to 100.
/// </summary>
internal sealed class EntityCollector : TableClient
{
    public List<TableEntity> Entities { get; } = [];

    public override string Name => "collector";

    public override Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        Entities.Add(entity);
        return Task.FromResult(ETag.All);
    }
}
