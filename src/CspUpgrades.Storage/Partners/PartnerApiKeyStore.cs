using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Partners;

/// <summary>Partner API keys in partition <c>~apikeys</c>, one row per key id: authentication is one point read.</summary>
public class PartnerApiKeyStore(TableClient table)
{
    /// <summary>For mocking.</summary>
    protected PartnerApiKeyStore() : this(null!)
    {
    }

    public virtual Task AddAsync(PartnerApiKeyRecord key, CancellationToken cancellationToken = default) =>
        table.AddEntityAsync(ToEntity(key), cancellationToken);

    public virtual async Task<PartnerApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableLayout.ApiKeysPartition, keyId, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public virtual async Task<IReadOnlyList<PartnerApiKeyRecord>> ListAsync(PartnerId partner, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.ApiKeysPartition} and PartnerId eq {partner.Value}");
        var keys = new List<PartnerApiKeyRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            keys.Add(FromEntity(row));
        }

        return keys;
    }

    /// <returns>False when there is no such key.</returns>
    public virtual async Task<bool> RevokeAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var existing = await FindAsync(keyId, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        await table.UpsertEntityAsync(ToEntity(existing with { RevokedAt = existing.RevokedAt ?? now }), TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    private static TableEntity ToEntity(PartnerApiKeyRecord key)
    {
        var entity = new TableEntity(TableLayout.ApiKeysPartition, key.KeyId)
        {
            ["PartnerId"] = key.PartnerId.Value,
            ["SecretHash"] = key.SecretHash,
            ["CreatedAt"] = key.CreatedAt,
            ["Scope"] = ScopeText(key.Scope),
        };
        if (key.RevokedAt is { } revokedAt)
        {
            entity["RevokedAt"] = revokedAt;
        }

        if (key.Description is { } description)
        {
            entity["Description"] = description;
        }

        return entity;
    }

    private static PartnerApiKeyRecord FromEntity(TableEntity entity) => new(
        entity.RowKey!,
        new PartnerId(StoredValue.Required(entity.GetString("PartnerId"), entity, "PartnerId")),
        StoredValue.Required(entity.GetString("SecretHash"), entity, "SecretHash"),
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("RevokedAt"),
        entity.GetString("Description"),
        ScopeOf(entity));

    private static string ScopeText(PartnerPermission scope) => scope switch
    {
        PartnerPermission.Read => "read",
        PartnerPermission.Write => "write",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a permission."),
    };

    /// <summary>No scope stored: a key from before scopes, which keeps full access. An unknown one reads as the least.</summary>
    private static PartnerPermission ScopeOf(TableEntity entity) => entity.GetString("Scope") switch
    {
        null or "write" => PartnerPermission.Write,
        _ => PartnerPermission.Read,
    };
}
