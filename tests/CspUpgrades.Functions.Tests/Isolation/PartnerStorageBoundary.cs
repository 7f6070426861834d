using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Testing.Azurite.Requests;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Functions.Tests.Isolation;

/// <summary>
/// Where the storage requests of one partner's call may go (DESIGN §6, issue #5 item 9): its own partitions
/// (<c>{partner}|{customer}</c>, <c>{partner}|~partner</c>, <c>{partner}|~audit</c>), the few shared partitions the
/// design needs, each only for the rows and methods named below, and a send to the upgrade queue. Anything
/// else, including a query whose filter does not pin its partitions (a scan), is a defect.
/// </summary>
public sealed class PartnerStorageBoundary(
    string tableName, string partnerId, IReadOnlySet<string> keyIds, IReadOnlySet<string> tenantIds, IReadOnlySet<string> operationIds)
{
    private IReadOnlySet<string> KeyIds { get; } = keyIds;

    private IReadOnlySet<string> TenantIds { get; } = tenantIds;

    private IReadOnlySet<string> OperationIds { get; } = operationIds;

    /// <summary>
    /// The shared partitions a partner's call may touch, and why. <c>OperationIdOf</c> maps a row key to the operation it
    /// names (null for rows that belong to no partner), which must be one of this partner's.
    /// </summary>
    private static readonly IReadOnlyList<SharedPartition> Shared =
    [
        // Authentication runs before the partner is known: the key id it presents is the row (a point read, never a query).
        new(TableLayout.ApiKeysPartition, ["GET"], (boundary, rowKey) => boundary.KeyIds.Contains(rowKey)),

        // Likewise for a bearer token (#35): the token's tenant id is the row that names its partner (a point read).
        new(TableLayout.TenantsPartition, ["GET"], (boundary, rowKey) => boundary.TenantIds.Contains(rowKey)),

        // The stuck-operation sweeper's index is service-wide by design (ARCHITECTURE "Stuck operations"): RequestUpgrade
        // writes the row of the operation it records, ExecuteUpgrade and FailPoisonedUpgrade delete it. Row: {ticks}|{operationId}.
        new(TableLayout.PendingPartition, ["PUT", "PATCH", "DELETE"], (boundary, rowKey) =>
            rowKey.Split(TableLayout.Separator) is [_, var operationId] && boundary.OperationIds.Contains(operationId)),

        // An audit run covers every partner, so its record and the "latest" pointer are service-wide; GetAuditReport reads
        // them (never a partner's findings, which live in {partner}|~audit) and writes nothing here.
        new(AuditReportStore.RunsPartition, ["GET"], (_, rowKey) =>
            rowKey == AuditReportStore.LatestRow || rowKey.StartsWith("run|", StringComparison.Ordinal)),
    ];

    /// <summary>Fails, naming the request, on the first storage request outside this partner's reach.</summary>
    public void AssertContains(IReadOnlyList<StorageRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        Assert.NotEmpty(requests);
        foreach (var request in requests)
        {
            Assert.True(Allows(request, out var why), $"{request.Method} {request.Path}{request.Query} [{request.Filter}]: {why}");
        }
    }

    private bool Allows(StorageRequest request, out string why)
    {
        if (request.Resource == UpgradeQueue.Name)
        {
            // A send only; what the message names is checked on the queue itself.
            why = "only sends to the upgrade queue are expected";
            return request.Method == "POST";
        }

        if (request.Resource != tableName)
        {
            why = "neither the app's table nor the upgrade queue";
            return false;
        }

        if (request.Partitions is not { } partitions)
        {
            why = "nothing confines it to named partitions: a scan";
            return false;
        }

        foreach (var partition in partitions)
        {
            if (partition.StartsWith(partnerId + TableLayout.Separator, StringComparison.Ordinal))
            {
                continue;
            }

            if (Shared.SingleOrDefault(shared => shared.PartitionKey == partition) is not { } shared)
            {
                why = $"partition '{partition}' is neither the partner's nor a shared one";
                return false;
            }

            if (!shared.Methods.Contains(request.Method) || request.RowKeys.Count == 0)
            {
                why = $"shared partition '{partition}' allows only {string.Join('/', shared.Methods)} of named rows";
                return false;
            }

            if (request.RowKeys.FirstOrDefault(row => !shared.AllowsRow(this, row)) is { } foreign)
            {
                why = $"row '{foreign}' of shared partition '{partition}' is not this partner's";
                return false;
            }
        }

        why = string.Empty;
        return true;
    }

    private sealed record SharedPartition(string PartitionKey, string[] Methods, Func<PartnerStorageBoundary, string, bool> AllowsRow);
}
