using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Partners;

/// <summary>
/// Which partner an Entra ID tenant belongs to, in partition <c>~tenants</c>, one row per tenant: a token caller's partner
/// is one point read. A tenant belongs to one partner at most (a tenant id is the row key).
/// </summary>
public class PartnerTenantStore(TableClient table)
{
    /// <summary>Maps <paramref name="tenant"/> to <paramref name="partner"/>.</summary>
    /// <returns>The mapping that holds afterwards: this one, or the tenant's existing one (possibly another partner's).</returns>
    public virtual async Task<PartnerTenantRecord> AddAsync(Guid tenant, PartnerId partner, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var record = new PartnerTenantRecord(tenant, partner, now);
        try
        {
            await table.AddEntityAsync(ToEntity(record), cancellationToken);
            return record;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            return await FindAsync(tenant, cancellationToken) ?? throw new InvalidOperationException("The tenant's row existed a moment ago.", conflict);
        }
    }

    public virtual async Task<PartnerTenantRecord?> FindAsync(Guid tenant, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableLayout.TenantsPartition, RowKey(tenant), cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>The partner's tenants, or every mapping when <paramref name="partner"/> is null.</summary>
    public virtual async Task<IReadOnlyList<PartnerTenantRecord>> ListAsync(PartnerId? partner, CancellationToken cancellationToken = default)
    {
        var filter = partner is { } only
            ? TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.TenantsPartition} and PartnerId eq {only.Value}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.TenantsPartition}");
        var tenants = new List<PartnerTenantRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            tenants.Add(FromEntity(row));
        }

        return tenants;
    }

    /// <summary>Removes the mapping if it is <paramref name="partner"/>'s (only if, so a typo cannot unmap another partner).</summary>
    /// <returns>False when the tenant is not mapped to that partner.</returns>
    public virtual async Task<bool> RemoveAsync(Guid tenant, PartnerId partner, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableLayout.TenantsPartition, RowKey(tenant), cancellationToken: cancellationToken);
        if (!row.HasValue || FromEntity(row.Value!).PartnerId != partner)
        {
            return false;
        }

        try
        {
            await table.DeleteEntityAsync(TableLayout.TenantsPartition, RowKey(tenant), row.Value!.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException changed) when (changed.Status is 404 or 412)
        {
            return false;
        }
    }

    private static string RowKey(Guid tenant) => tenant.ToString("D", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(PartnerTenantRecord record) => new(TableLayout.TenantsPartition, RowKey(record.TenantId))
    {
        ["PartnerId"] = record.PartnerId.Value,
        ["AddedAt"] = record.AddedAt,
    };

    private static PartnerTenantRecord FromEntity(TableEntity entity) => new(
        Guid.Parse(entity.RowKey, CultureInfo.InvariantCulture),
        new PartnerId(StoredValue.Required(entity.GetString("PartnerId"), entity, "PartnerId")),
        entity.GetDateTimeOffset("AddedAt") ?? default);
}
