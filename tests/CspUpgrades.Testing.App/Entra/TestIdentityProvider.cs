using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CspUpgrades.Testing.App.Entra;

/// <summary>
/// Entra ID as the app sees it, on a loopback port of the test process: the multi-tenant OpenID Connect metadata
/// (<c>/organizations/v2.0/.well-known/openid-configuration</c>, issuer <c>{instance}{tenantid}/v2.0</c>) and its key set,
/// with signing keys of its own (RSA, and an EC key it publishes but Entra ID would not use). It counts every fetch, and
/// its published keys can change (rotation). It mints tokens as Entra ID would, with Microsoft.IdentityModel.JsonWebTokens.
/// The tests of #35 and the benchmark's credential cost use it.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string MetadataPath = "/organizations/v2.0/.well-known/openid-configuration";
    public const string KeysPath = "/discovery/v2.0/keys";

    private readonly WebApplication _server;
    private readonly object _lock = new();
    private List<SecurityKey> _published;
    private int _metadataFetches;
    private int _keyFetches;

    private TestIdentityProvider(WebApplication server, RsaSecurityKey signingKey, ECDsaSecurityKey ecKey)
    {
        _server = server;
        SigningKey = signingKey;
        EcKey = ecKey;
        _published = [signingKey, ecKey];
    }

    /// <summary>The instance URL the app's <c>Entra__Instance</c> is set to (with a trailing slash).</summary>
    public string Instance => _server.Urls.Single().TrimEnd('/') + "/";

    /// <summary>The RSA key tokens are signed with, published in the key set (private part kept here).</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>An EC P-256 key, published too: an ES256 token signed with it is refused (RS256 only).</summary>
    public ECDsaSecurityKey EcKey { get; }

    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = builder.Build();
        var provider = new TestIdentityProvider(server, NewRsaKey(), NewEcKey());
        server.MapGet(MetadataPath, provider.Metadata);
        server.MapGet(KeysPath, provider.Keys);
        await server.StartAsync();
        return provider;
    }

    public static RsaSecurityKey NewRsaKey() => new(RSA.Create(2048)) { KeyId = "rsa-" + Guid.NewGuid().ToString("N")[..12] };

    public static ECDsaSecurityKey NewEcKey() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "ec-" + Guid.NewGuid().ToString("N")[..12] };

    /// <summary>The issuer of <paramref name="tenant"/>'s v2.0 tokens.</summary>
    public string IssuerOf(Guid tenant) => $"{Instance}{tenant:D}/v2.0";

    /// <summary>From now on the key set holds these keys (public parts) and no others.</summary>
    public void Publish(params SecurityKey[] keys)
    {
        lock (_lock)
        {
            _published = [.. keys];
        }
    }

    /// <summary>A token as Entra ID issues it, signed with <see cref="SigningKey"/> unless <paramref name="signing"/> says otherwise.</summary>
    public string Issue(TokenRequest request, SigningCredentials? signing = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var claims = new Dictionary<string, object> { ["tid"] = request.Tenant.ToString("D"), ["ver"] = "2.0", ["oid"] = Guid.NewGuid().ToString("D") };
        if (request.Roles is { Length: > 0 } roles)
        {
            claims["roles"] = roles;
        }

        if (request.Scopes is { } scopes)
        {
            claims["scp"] = scopes;
        }

        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = request.Issuer ?? IssuerOf(request.IssuerTenant ?? request.Tenant),
            Audience = request.Audience,
            IssuedAt = now + request.NotBeforeOffset,
            NotBefore = now + request.NotBeforeOffset,
            Expires = request.NoExpiry ? null : now + request.NotBeforeOffset + request.Lifetime,
            Claims = claims,
            SigningCredentials = request.AlgNone ? null : signing ?? new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private IResult Metadata(HttpContext http)
    {
        Interlocked.Increment(ref _metadataFetches);
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Instance + "{tenantid}/v2.0",
            ["authorization_endpoint"] = Instance + "organizations/oauth2/v2.0/authorize",
            ["token_endpoint"] = Instance + "organizations/oauth2/v2.0/token",
            ["jwks_uri"] = Instance.TrimEnd('/') + KeysPath,
            ["response_types_supported"] = new[] { "code", "id_token", "token id_token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        });
    }

    private IResult Keys(HttpContext http)
    {
        Interlocked.Increment(ref _keyFetches);
        List<SecurityKey> published;
        lock (_lock)
        {
            published = _published;
        }

        var keys = published.Select(PublicJwk).ToArray();
        return Results.Text(JsonSerializer.Serialize(new { keys }), "application/json");
    }

    /// <summary>Only the public part, as a JWKS publishes it.</summary>
    private static Dictionary<string, object> PublicJwk(SecurityKey key)
    {
        var jwk = key switch
        {
            RsaSecurityKey rsa => JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.Rsa.ExportParameters(false)) { KeyId = rsa.KeyId }),
            ECDsaSecurityKey ec => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ECDsa.ExportParameters(false))) { KeyId = ec.KeyId }),
            _ => throw new ArgumentException("RSA or EC keys only.", nameof(key)),
        };
        var published = new Dictionary<string, object> { ["kty"] = jwk.Kty, ["use"] = "sig", ["kid"] = jwk.Kid };
        foreach (var (name, value) in new[] { ("n", jwk.N), ("e", jwk.E), ("crv", jwk.Crv), ("x", jwk.X), ("y", jwk.Y) })
        {
            if (value is not null)
            {
                published[name] = value;
            }
        }

        return published;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
