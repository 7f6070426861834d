using CspUpgrades.Functions.Settings;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;

namespace CspUpgrades.Functions.Security;

/// <summary>
/// Entra ID access tokens are validated by ASP.NET Core's JWT bearer handler (Microsoft.IdentityModel underneath), never by
/// our own code: signature against the signing keys of the OpenID Connect metadata (cached; refreshed when a token names an
/// unknown key, at most once per <see cref="EntraOptions.SigningKeyRefreshInterval"/>), RS256 only, audience, lifetime with a
/// one-minute skew, and the issuer per tenant by Microsoft.IdentityModel.Validators' <see cref="AadIssuerValidator"/>
/// (<c>{instance}{tid}/v2.0</c>: another tenant's issuer with this <c>tid</c> is refused). Only v2.0 tokens are accepted:
/// the app registration asks for them (docs/DEPLOY.md), and a v1.0 issuer (<c>sts.windows.net</c>) is refused.
/// The worker's ASP.NET Core pipeline takes no authentication middleware, so <see cref="BearerTokenAuthenticator"/> asks
/// the handler through <c>HttpContext.AuthenticateAsync</c>.
/// </summary>
public static class EntraTokenValidation
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Fetches the metadata and keys; a slow identity provider fails a request in 10 s rather than the default 100.</summary>
    private static readonly HttpClient Backchannel = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>How far a token's lifetime may be off this machine's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddEntraTokenValidation(this IServiceCollection services)
    {
        services.AddOptions<EntraOptions>().BindConfiguration(EntraOptions.Section)
            .Validate(options => !options.IsEnabled || InstanceOf(options) is not null,
                "Entra:Instance must be an absolute https URL (http only on loopback, for tests).")
            .Validate(options => !options.IsEnabled || Guid.TryParse(options.ClientId, out _), "Entra:ClientId must be the app registration's client id (a GUID).")
            .Validate(options => options.SigningKeyRefreshInterval >= TimeSpan.FromSeconds(1), "Entra:SigningKeyRefreshInterval must be at least one second.")
            .ValidateOnStart();
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<EntraOptions>>((jwt, entra) => Configure(jwt, entra.Value));
        services.AddSingleton<BearerTokenAuthenticator>();
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, EntraOptions entra)
    {
        if (!entra.IsEnabled || InstanceOf(entra) is not { } instance)
        {
            return; // never asked: the authenticator answers bearer tokens without it
        }

        // "organizations": the multi-tenant metadata, whose issuer is the template {instance}{tenantid}/v2.0.
        jwt.Authority = instance + "organizations/v2.0";
        jwt.MetadataAddress = jwt.Authority + "/.well-known/openid-configuration";
        jwt.RequireHttpsMetadata = instance.Scheme == Uri.UriSchemeHttps;
        jwt.RefreshOnIssuerKeyNotFound = true;
        jwt.RefreshInterval = entra.SigningKeyRefreshInterval;
        // The handler would make the same manager, but with the library's "last known good" fallback on: a token signed with
        // a key Entra ID no longer publishes would still pass for an hour after the keys were refreshed. Off, it stops at once.
        jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            jwt.MetadataAddress, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(Backchannel) { RequireHttps = jwt.RequireHttpsMetadata })
        {
            RefreshInterval = entra.SigningKeyRefreshInterval,
            UseLastKnownGoodConfiguration = false,
        };
        jwt.MapInboundClaims = false; // roles, scp and tid keep their names
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudiences = new[] { entra.ClientId, entra.Audience }.OfType<string>().Where(audience => audience.Length > 0).ToArray(),
            ValidIssuer = instance + "{tenantid}/v2.0",
            IssuerValidator = V2IssuerOfItsTenant(AadIssuerValidator.GetAadIssuerValidator(jwt.Authority)),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        };
    }

    /// <summary>
    /// The library's tenant check, then v2.0 only: its fallback would otherwise accept a v1.0 issuer found through the v1.0
    /// metadata, which this API does not ask for.
    /// </summary>
    private static IssuerValidator V2IssuerOfItsTenant(AadIssuerValidator aad) => (issuer, token, parameters) =>
    {
        var valid = aad.Validate(issuer, token, parameters);
        return valid.EndsWith("/v2.0", StringComparison.Ordinal)
            ? valid
            : throw new SecurityTokenInvalidIssuerException("Only v2.0 tokens are accepted.") { InvalidIssuer = issuer };
    };

    /// <summary>The instance with a trailing slash; null when it is not https (or http on loopback).</summary>
    private static Uri? InstanceOf(EntraOptions entra) =>
        Uri.TryCreate(entra.Instance.EndsWith('/') ? entra.Instance : entra.Instance + "/", UriKind.Absolute, out var instance)
        && (instance.Scheme == Uri.UriSchemeHttps || (instance.Scheme == Uri.UriSchemeHttp && instance.IsLoopback))
            ? instance
            : null;
}
