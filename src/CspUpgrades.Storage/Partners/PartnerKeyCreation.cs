using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Partners;

public static class PartnerKeyCreation
{
    /// <summary>
    /// A new API key for <paramref name="partner"/>: the store keeps only the hash of its secret, the caller gets the key to
    /// show once. The code behind the operator's <c>partner-key create</c> and <c>seed-demo</c>; tests and the benchmark create
    /// their keys with it too.
    /// </summary>
    /// <param name="scope">What the key may do; <see cref="PartnerPermission.Write"/> (everything) unless the operator says <c>--scope read</c>.</param>
    public static async Task<ApiKey> CreateKeyAsync(
        this PartnerApiKeyStore keys, PartnerId partner, string? description, TimeProvider time,
        PartnerPermission scope = PartnerPermission.Write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(time);
        var key = ApiKey.Generate();
        await keys.AddAsync(new PartnerApiKeyRecord(key.KeyId, partner, key.SecretHash, time.GetUtcNow(), null, description, scope), cancellationToken);
        return key;
    }
}
