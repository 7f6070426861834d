using System.Collections.Concurrent;
using System.Globalization;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Partners;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CspUpgrades.Functions.Security;

/// <summary>What a bearer token on a request comes to.</summary>
public abstract record BearerOutcome
{
    /// <summary>A valid token from a registered tenant that grants at least read.</summary>
    public sealed record Accepted(PartnerCaller Caller) : BearerOutcome;

    /// <summary>Not a valid token; <paramref name="Description"/> says why in words fit for <c>error_description</c>.</summary>
    public sealed record Invalid(string Description) : BearerOutcome;

    /// <summary>A valid token from a tenant no partner is mapped to.</summary>
    public sealed record TenantNotRegistered(Guid Tenant) : BearerOutcome;

    /// <summary>A valid token of a registered tenant that grants neither Upgrades.Read nor Upgrades.Write.</summary>
    public sealed record NoPermission(PartnerId Partner) : BearerOutcome;
}

/// <summary>
/// A bearer token → the partner and permission it stands for: the JWT bearer handler validates it
/// (<see cref="EntraTokenValidation"/>), the token's <c>tid</c> names the partner through <see cref="PartnerTenantStore"/>
/// (mappings cached for <see cref="EntraOptions.TenantCacheDuration"/>; only mappings that exist, as API keys), and its
/// <c>roles</c> or <c>scp</c> the permission.
/// </summary>
public sealed class BearerTokenAuthenticator(PartnerTenantStore tenants, IOptions<EntraOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, (PartnerId Partner, DateTimeOffset Expires)> _partners = new();

    public bool IsEnabled => options.Value.IsEnabled;

    public async Task<BearerOutcome> AuthenticateAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(EntraTokenValidation.Scheme);
        if (!result.Succeeded)
        {
            return new BearerOutcome.Invalid(result.Failure is { } failure ? Describe(failure) : "The request carries no bearer token.");
        }

        if (!Guid.TryParse(result.Principal.FindFirst("tid")?.Value, CultureInfo.InvariantCulture, out var tenant))
        {
            return new BearerOutcome.Invalid("The token names no tenant (tid).");
        }

        if (await PartnerOfAsync(tenant, http.RequestAborted) is not { } partner)
        {
            return new BearerOutcome.TenantNotRegistered(tenant);
        }

        return EntraPermissions.GrantedBy(result.Principal) is { } permission
            ? new BearerOutcome.Accepted(new PartnerCaller(partner, permission))
            : new BearerOutcome.NoPermission(partner);
    }

    /// <summary>Forgets a tenant's mapping at once on this instance (after removing it).</summary>
    public void Forget(Guid tenant) => _partners.TryRemove(tenant, out _);

    private async Task<PartnerId?> PartnerOfAsync(Guid tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_partners.TryGetValue(tenant, out var cached) && cached.Expires > now)
        {
            return cached.Partner;
        }

        var mapping = await tenants.FindAsync(tenant, cancellationToken);
        if (mapping is not null && options.Value.TenantCacheDuration > TimeSpan.Zero)
        {
            _partners[tenant] = (mapping.PartnerId, now + options.Value.TenantCacheDuration);
        }

        return mapping?.PartnerId;
    }

    /// <summary>
    /// Why the handler refused the token, in fixed words (the library's messages may quote the token's values, and the answer
    /// never echoes the token): what RFC 6750's <c>error_description</c> and the problem's <c>detail</c> carry.
    /// </summary>
    private static string Describe(Exception failure) => failure switch
    {
        SecurityTokenExpiredException expired =>
            $"The token expired at {expired.Expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}.",
        SecurityTokenNotYetValidException early =>
            $"The token is not valid before {early.NotBefore.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}.",
        SecurityTokenNoExpirationException => "The token has no expiration time.",
        SecurityTokenInvalidLifetimeException => "The token's lifetime is not valid.",
        SecurityTokenInvalidAudienceException => "The token is not for this API (audience).",
        SecurityTokenInvalidIssuerException => "The token's issuer is not an Entra ID v2.0 issuer of its own tenant.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted (RS256 only).",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with a key that Entra ID does not publish.",
        SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenMalformedException or ArgumentException => "The token is not a well-formed JWT.",
        AggregateException { InnerExceptions: [var only] } => Describe(only),
        _ => "The token is not valid.",
    };
}
