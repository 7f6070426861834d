using System.Collections.Concurrent;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Partners;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// Turns an API key into the partner it belongs to. Key records are cached briefly so a check costs
/// no storage request on the hot path; the secret is compared against the stored hash every time.
/// Only keys that exist are cached: caching "not found" would let anyone grow the cache without bound by
/// presenting made-up key ids (such requests cost a point read each; rate limiting belongs in front of the app).
/// </summary>
public class PartnerAuthenticator(PartnerApiKeyStore keys, IOptions<SecurityOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (PartnerApiKeyRecord? Record, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <returns>The key's partner and scope; null for a key that is malformed, unknown, revoked or wrong.</returns>
    public virtual async Task<PartnerCaller?> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKey.TryParse(presentedKey, out var key))
        {
            return null;
        }

        var record = await FindAsync(key.KeyId, cancellationToken);
        return record is { IsActive: true } && key.Matches(record.SecretHash) ? new PartnerCaller(record.PartnerId, record.Scope) : null;
    }

    /// <summary>Forgets a key at once on this instance (after revoking it).</summary>
    public void Forget(string keyId) => _cache.TryRemove(keyId, out _);

    private async Task<PartnerApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(keyId, out var cached) && cached.Expires > now)
        {
            return cached.Record;
        }

        var record = await keys.FindAsync(keyId, cancellationToken);
        if (record is not null && options.Value.ApiKeyCacheDuration > TimeSpan.Zero)
        {
            _cache[keyId] = (record, now + options.Value.ApiKeyCacheDuration);
        }

        return record;
    }
}
