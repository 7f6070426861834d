using System.Net;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.App.Entra;
using CspUpgrades.Testing.Azurite;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.Security.Entra;

/// <summary>
/// The signing keys come from the identity provider's metadata, cached: a token with an unknown key id makes the app look
/// again, at most once per refresh interval however many such tokens arrive, and a key the provider starts publishing is
/// accepted once looked up. Each test has its own provider and app, so the fetches it counts are its own.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SigningKeyRefreshTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Path = "/api/customers/contoso/subscriptions/contoso-essentials/upgrades";

    [Fact]
    public async Task AFloodOfUnknownKeyIdsCausesOneRefreshNotAStorm()
    {
        await using var identity = await TestIdentityProvider.StartAsync();
        await using var app = await WorkerApp.StartAsync(azurite, EntraAppFixture.Settings(identity));
        var tenant = await MapTenantAsync(app);
        var valid = new TokenRequest(tenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Read] };
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app, identity.Issue(valid))); // keys loaded: a known partner, no such customer
        var (metadataBefore, keysBefore) = (identity.MetadataFetches, identity.KeyFetches);
        Assert.Equal((1, 1), (metadataBefore, keysBefore));

        var unknown = Enumerable.Range(0, 50)
            .Select(_ => identity.Issue(valid, new SigningCredentials(TestIdentityProvider.NewRsaKey(), SecurityAlgorithms.RsaSha256)))
            .ToArray();
        var statuses = await Task.WhenAll(unknown.Select(token => StatusAsync(app, token)));

        output.WriteLine($"50 tokens with unknown key ids: {identity.MetadataFetches - metadataBefore} metadata and {identity.KeyFetches - keysBefore} key set fetches");
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.True(identity.MetadataFetches - metadataBefore <= 1, $"{identity.MetadataFetches - metadataBefore} metadata fetches for 50 unknown key ids");
        Assert.True(identity.KeyFetches - keysBefore <= 1, $"{identity.KeyFetches - keysBefore} key set fetches for 50 unknown key ids");
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app, identity.Issue(valid)));
    }

    [Fact]
    public async Task ARotatedKeyIsAcceptedOnceTheProviderPublishesItAndTheOldOneNoLonger()
    {
        await using var identity = await TestIdentityProvider.StartAsync();
        await using var app = await WorkerApp.StartAsync(azurite, EntraAppFixture.Settings(identity, signingKeyRefreshInterval: TimeSpan.FromSeconds(1)));
        var tenant = await MapTenantAsync(app);
        var valid = new TokenRequest(tenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Read] };
        var oldToken = identity.Issue(valid);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app, oldToken));

        var next = TestIdentityProvider.NewRsaKey();
        identity.Publish(next);
        var newToken = identity.Issue(valid, new SigningCredentials(next, SecurityAlgorithms.RsaSha256));

        // The first token with the new key id makes the app fetch the keys again; it is accepted then or right after.
        var status = await Eventually.ReturnsAsync(() => StatusAsync(app, newToken), s => s == HttpStatusCode.NotFound, "the rotated key to be accepted");
        Assert.Equal(HttpStatusCode.NotFound, status);
        output.WriteLine($"rotation: {identity.MetadataFetches} metadata and {identity.KeyFetches} key set fetches in all");
        Assert.True(identity.KeyFetches <= 3, $"{identity.KeyFetches} key set fetches");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(app, oldToken));
    }

    [Fact]
    public async Task WithoutEntraSettingsABearerTokenIsRefusedSayingSoAndOnlyTheKeySchemeIsOffered()
    {
        await using var identity = await TestIdentityProvider.StartAsync();
        await using var app = await WorkerApp.StartAsync(azurite);
        var token = identity.Issue(new TokenRequest(Guid.NewGuid(), EntraAppFixture.ClientId) { Roles = [EntraPermissions.Write] });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        using var response = await client.GetAsync(new Uri(Path, UriKind.Relative));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("Entra ID is not configured", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["ApiKey header=\"X-Api-Key\""], response.Headers.WwwAuthenticate.Select(value => value.ToString()));
        Assert.Equal(0, identity.MetadataFetches);

        // Without any credential the title still names both ways in, and the detail says which one this deployment takes.
        using var anonymous = app.CreateClient();
        using var unauthenticated = await anonymous.GetAsync(new Uri(Path, UriKind.Relative));
        var withoutCredential = await ProblemAssert.IsAsync(unauthenticated, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("A valid API key or Entra ID access token is required.", withoutCredential.GetProperty("title").GetString());
        Assert.Equal("Send the partner API key in the X-Api-Key header; this deployment does not accept Entra ID access tokens.",
            withoutCredential.GetProperty("detail").GetString());
    }

    private static async Task<Guid> MapTenantAsync(WorkerApp app)
    {
        var tenant = Guid.NewGuid();
        await app.Service<PartnerTenantStore>().AddAsync(tenant, new("refresh-" + Guid.NewGuid().ToString("N")[..8]), DateTimeOffset.UtcNow);
        return tenant;
    }

    private static async Task<HttpStatusCode> StatusAsync(WorkerApp app, string token)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var response = await client.GetAsync(new Uri(Path, UriKind.Relative));
        return response.StatusCode;
    }
}
