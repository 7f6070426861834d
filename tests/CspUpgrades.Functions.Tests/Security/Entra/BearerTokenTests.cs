using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.App.Entra;
using CspUpgrades.Testing.Azurite;
using Microsoft.IdentityModel.Tokens;

namespace CspUpgrades.Functions.Tests.Security.Entra;

/// <summary>
/// Entra ID access tokens through the real worker, validated against signing keys that a loopback identity provider
/// publishes: the tokens a partner's daemon and a partner's person get are accepted with their permissions, every kind of
/// bad token is a 401 that says why (RFC 6750) without quoting it, and a valid token of an unmapped tenant is a 403.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class BearerTokenTests(EntraAppFixture fixture) : IClassFixture<EntraAppFixture>
{
    private const string Customer = "contoso";
    private const string Subscription = "contoso-essentials";
    private static readonly SubscriptionSpec Essentials = new(Subscription, "o365-business-essentials") { Quantity = 12 };
    private static readonly string Eligibility = Routes.Upgrades(Customer, Subscription);
    private static readonly string Licenses = Routes.Licenses(Customer, Subscription);

    [Fact]
    public async Task AnAppTokenWithTheWriteRoleReadsAndChanges()
    {
        var (partner, tenant) = await fixture.NewMappedPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        using var daemon = fixture.BearerClient(fixture.Identity.Issue(new TokenRequest(tenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Write] }));

        using var eligibility = await daemon.GetAsync(new Uri(Eligibility, UriKind.Relative));
        using var licenses = await daemon.PostAsJsonAsync(Licenses, new { quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, eligibility.StatusCode);
        Assert.True(licenses.StatusCode == HttpStatusCode.OK, await licenses.Content.ReadAsStringAsync());
        Assert.Equal(13, (await partner.GetJsonAsync(Routes.Subscription(Customer, Subscription))).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task ATokenForTheApplicationIdUriIsAcceptedToo()
    {
        var (partner, tenant) = await fixture.NewMappedPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        using var daemon = fixture.BearerClient(fixture.Identity.Issue(new TokenRequest(tenant, EntraAppFixture.ApplicationIdUri) { Roles = [EntraPermissions.Read] }));

        using var eligibility = await daemon.GetAsync(new Uri(Eligibility, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, eligibility.StatusCode);
    }

    [Fact]
    public async Task ADelegatedTokenWithTheReadScopeReadsButCannotChange()
    {
        var (partner, tenant) = await fixture.NewMappedPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        using var person = fixture.BearerClient(fixture.Identity.Issue(new TokenRequest(tenant, EntraAppFixture.ClientId) { Scopes = "openid " + EntraPermissions.Read }));

        using var eligibility = await person.GetAsync(new Uri(Eligibility, UriKind.Relative));
        using var licenses = await person.PostAsJsonAsync(Licenses, new { quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, eligibility.StatusCode);
        var problem = await ProblemAssert.IsAsync(licenses, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Equal("This request needs the app role or scope Upgrades.Write.", problem.GetProperty("detail").GetString());
        Assert.Equal(
            ["Bearer error=\"insufficient_scope\", error_description=\"This request needs the app role or scope Upgrades.Write.\", scope=\"Upgrades.Write\""],
            licenses.Headers.WwwAuthenticate.Select(value => value.ToString()));
        Assert.Equal(12, (await partner.GetJsonAsync(Routes.Subscription(Customer, Subscription))).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task ADelegatedTokenWithTheWriteScopeChanges()
    {
        var (partner, tenant) = await fixture.NewMappedPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        using var person = fixture.BearerClient(fixture.Identity.Issue(new TokenRequest(tenant, EntraAppFixture.ClientId) { Scopes = EntraPermissions.Write }));

        using var licenses = await person.PostAsJsonAsync(Licenses, new { quantity = 2 });

        Assert.True(licenses.StatusCode == HttpStatusCode.OK, await licenses.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AReadRoleCannotRequestAnUpgrade()
    {
        var (partner, tenant) = await fixture.NewMappedPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        using var reader = fixture.BearerClient(fixture.Identity.Issue(new TokenRequest(tenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Read] }));

        using var upgrade = await reader.PostAsJsonAsync(Eligibility, new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_only" });

        await ProblemAssert.IsAsync(upgrade, HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task ATokenWithNeitherRoleNorScopeReadsNothing()
    {
        var (partner, tenant) = await fixture.NewMappedPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        using var nobody = fixture.BearerClient(fixture.Identity.Issue(new TokenRequest(tenant, EntraAppFixture.ClientId) { Roles = ["Other.Role"], Scopes = "User.Read" }));

        using var eligibility = await nobody.GetAsync(new Uri(Eligibility, UriKind.Relative));

        await ProblemAssert.IsAsync(eligibility, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains("scope=\"Upgrades.Read\"", eligibility.Headers.WwwAuthenticate.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValidTokenOfATenantNoPartnerIsMappedToIsForbidden()
    {
        var stranger = Guid.NewGuid();
        var token = fixture.Identity.Issue(new TokenRequest(stranger, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Write] });
        using var client = fixture.BearerClient(token);

        using var response = await client.GetAsync(new Uri(Eligibility, UriKind.Relative));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "tenant_not_registered");
        Assert.Contains(stranger.ToString("D"), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoPartOfAsync(token, response);
    }

    [Fact]
    public async Task ATokenCallerSeesOnlyItsOwnPartnersData()
    {
        var (owner, _) = await fixture.NewMappedPartnerAsync("owner");
        await owner.SeedAsync(Customer, Essentials);
        var (_, intruderTenant) = await fixture.NewMappedPartnerAsync("intruder");
        using var intruder = fixture.BearerClient(fixture.Identity.Issue(new TokenRequest(intruderTenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Write] }));

        using var read = await intruder.GetAsync(new Uri(Eligibility, UriKind.Relative));
        using var write = await intruder.PostAsJsonAsync(Licenses, new { quantity = 1 });

        await ProblemAssert.IsAsync(read, HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsAsync(write, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(12, (await owner.GetJsonAsync(Routes.Subscription(Customer, Subscription))).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task AnApiKeyAndABearerTokenOnOneRequestAreABadRequest()
    {
        var (partner, tenant) = await fixture.NewMappedPartnerAsync();
        using var both = await fixture.App.ClientForPartnerAsync(partner.Id);
        both.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Identity.Issue(new TokenRequest(tenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Write] }));

        using var response = await both.GetAsync(new Uri(Eligibility, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "multiple_credentials");
    }

    [Fact]
    public async Task WithoutACredentialTheAnswerNamesBothSchemes()
    {
        using var anonymous = fixture.App.CreateClient();

        using var response = await anonymous.GetAsync(new Uri(Eligibility, UriKind.Relative));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(["ApiKey header=\"X-Api-Key\"", "Bearer"], response.Headers.WwwAuthenticate.Select(value => value.ToString()));
        // Both ways in, in words too: the title and the detail.
        Assert.Equal("A valid API key or Entra ID access token is required.", problem.GetProperty("title").GetString());
        Assert.Equal("Send the partner API key in the X-Api-Key header, or an Entra ID access token as Authorization: Bearer.", problem.GetProperty("detail").GetString());
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "wrong audience", "The token is not for this API (audience)." },
        { "unknown issuer", "The token's issuer is not an Entra ID v2.0 issuer of its own tenant." },
        { "another tenant's issuer", "The token's issuer is not an Entra ID v2.0 issuer of its own tenant." },
        { "v1.0 issuer", "The token's issuer is not an Entra ID v2.0 issuer of its own tenant." },
        { "expired", "The token expired at " },
        { "not yet valid", "The token is not valid before " },
        { "no expiry", "The token has no expiration time." },
        { "alg none", "The token's signature is not valid." },
        { "HS256 with the public key", "The token's signature is not valid." },
        { "ES256 with a published EC key", "The token's signature is not valid." },
        { "tampered payload", "The token's signature is not valid." },
        { "unknown kid", "The token is signed with a key that Entra ID does not publish." },
        { "not a JWT", "The token is not a well-formed JWT." },
        { "empty", "The request carries no bearer token." },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ABadTokenIsUnauthorizedSayingWhyWithoutQuotingIt(string kind, string description)
    {
        var (partner, tenant) = await fixture.NewMappedPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var token = BadToken(kind, tenant);
        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Eligibility, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

        using var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.StartsWith(description, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var challenges = response.Headers.WwwAuthenticate.Select(value => value.ToString()).ToArray();
        Assert.Equal("ApiKey header=\"X-Api-Key\"", challenges[0]);
        Assert.StartsWith($"Bearer error=\"invalid_token\", error_description=\"{description}", challenges[1], StringComparison.Ordinal);
        Assert.Equal(2, challenges.Length);
        await AssertNoPartOfAsync(token, response);
    }

    private string BadToken(string kind, Guid tenant)
    {
        var valid = new TokenRequest(tenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Write] };
        var identity = fixture.Identity;
        switch (kind)
        {
            case "wrong audience":
                return identity.Issue(valid with { Audience = "api://some-other-api" });
            case "unknown issuer":
                return identity.Issue(valid with { Issuer = $"https://login.example.com/{tenant:D}/v2.0" });
            case "another tenant's issuer":
                return identity.Issue(valid with { IssuerTenant = Guid.NewGuid() });
            case "v1.0 issuer":
                return identity.Issue(valid with { Issuer = $"https://sts.windows.net/{tenant:D}/" });
            case "expired":
                return identity.Issue(valid with { NotBeforeOffset = TimeSpan.FromHours(-3) });
            case "not yet valid":
                return identity.Issue(valid with { NotBeforeOffset = TimeSpan.FromMinutes(10) });
            case "no expiry":
                return identity.Issue(valid with { NoExpiry = true });
            case "alg none":
                return identity.Issue(valid with { AlgNone = true });
            case "HS256 with the public key":
                var publicKey = new SymmetricSecurityKey(identity.SigningKey.Rsa.ExportSubjectPublicKeyInfo()) { KeyId = identity.SigningKey.KeyId };
                return identity.Issue(valid, new SigningCredentials(publicKey, SecurityAlgorithms.HmacSha256));
            case "ES256 with a published EC key":
                return identity.Issue(valid, new SigningCredentials(identity.EcKey, SecurityAlgorithms.EcdsaSha256));
            case "tampered payload":
                var parts = identity.Issue(valid).Split('.');
                var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.DecodeBytes(parts[1]))!;
                payload["roles"] = JsonSerializer.SerializeToElement(new[] { EntraPermissions.Write, "Global.Admin" });
                var tampered = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
                Assert.NotEqual(parts[1], tampered);
                return $"{parts[0]}.{tampered}.{parts[2]}";
            case "unknown kid":
                return identity.Issue(valid, new SigningCredentials(TestIdentityProvider.NewRsaKey(), SecurityAlgorithms.RsaSha256));
            case "not a JWT":
                return "not-a-token";
            case "empty":
                return "";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Neither the body nor any header of the answer carries the token or any of its three parts.</summary>
    private static async Task AssertNoPartOfAsync(string token, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(header => header.Value));
        foreach (var part in token.Split('.').Where(part => part.Length >= 8).Append(token).Where(part => part.Length > 0))
        {
            Assert.DoesNotContain(part, body, StringComparison.Ordinal);
            Assert.DoesNotContain(part, headers, StringComparison.Ordinal);
        }
    }
}
