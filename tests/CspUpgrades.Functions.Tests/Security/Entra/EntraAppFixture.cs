using System.Net.Http.Headers;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.App.Entra;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Security.Entra;

/// <summary>
/// The app with Entra ID configured against a <see cref="TestIdentityProvider"/> on loopback: the real worker under the local
/// Functions host, real Azurite. Each test works as its own partner with a tenant of its own.
/// </summary>
public sealed class EntraAppFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string ApplicationIdUri = "api://cspupgrades-tests";

    public static readonly string ClientId = Guid.NewGuid().ToString("D");

    public WorkerApp App { get; private set; } = null!;

    public TestIdentityProvider Identity { get; private set; } = null!;

    public AzuriteFixture Azurite { get; } = azurite;

    /// <summary>The app settings that turn Entra ID on against <paramref name="identity"/>.</summary>
    public static Dictionary<string, string> Settings(TestIdentityProvider identity, TimeSpan? signingKeyRefreshInterval = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var settings = new Dictionary<string, string>
        {
            ["Entra__Instance"] = identity.Instance,
            ["Entra__ClientId"] = ClientId,
            ["Entra__Audience"] = ApplicationIdUri,
            ["Entra__TenantCacheDuration"] = "00:00:00",
        };
        if (signingKeyRefreshInterval is { } interval)
        {
            settings["Entra__SigningKeyRefreshInterval"] = interval.ToString("c");
        }

        return settings;
    }

    /// <summary>A new partner (with an API key, for seeding) whose Entra ID tenant is mapped to it.</summary>
    public async Task<(TestPartner Partner, Guid Tenant)> NewMappedPartnerAsync(string name = "entra")
    {
        var partner = await TestPartner.CreateAsync(App, name);
        var tenant = Guid.NewGuid();
        await App.Service<PartnerTenantStore>().AddAsync(tenant, partner.PartnerId, DateTimeOffset.UtcNow);
        return (partner, tenant);
    }

    /// <summary>A client that sends <paramref name="token"/> as <c>Authorization: Bearer</c> (and nothing else).</summary>
    public HttpClient BearerClient(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task InitializeAsync()
    {
        Identity = await TestIdentityProvider.StartAsync();
        App = await WorkerApp.StartAsync(Azurite, Settings(Identity));
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Identity is not null)
        {
            await Identity.DisposeAsync();
        }
    }
}
