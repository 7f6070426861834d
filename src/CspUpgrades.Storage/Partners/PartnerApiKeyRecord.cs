using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Partners;

/// <summary>A stored partner API key: never the key itself, only the SHA-256 hash of its secret part.</summary>
/// <param name="Scope">
/// What the key may do. Keys created before keys had a scope have none stored and read as <see cref="PartnerPermission.Write"/>:
/// they keep the full access they were created with.
/// </param>
public sealed record PartnerApiKeyRecord(
    string KeyId,
    PartnerId PartnerId,
    string SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null,
    string? Description = null,
    PartnerPermission Scope = PartnerPermission.Write)
{
    public bool IsActive => RevokedAt is null;
}
