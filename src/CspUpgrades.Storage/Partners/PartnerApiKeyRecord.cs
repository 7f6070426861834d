using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Partners;

/// <summary>A stored partner API key: never the key itself, only the SHA-256 hash of its secret part.</summary>
public sealed record PartnerApiKeyRecord(
    string KeyId,
    PartnerId PartnerId,
    string SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null,
    string? Description = null)
{
    public bool IsActive => RevokedAt is null;
}
