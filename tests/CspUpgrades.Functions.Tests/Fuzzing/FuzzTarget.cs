using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Security.Entra;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.App.Entra;
using CspUpgrades.Testing.Azurite;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Tests.Fuzzing;

/// <summary>
/// The app as an isolated worker under the local Functions host, on a real loopback port, and a real data set for the fuzzer to aim at: a partner with an API key, a customer with an
/// eligible subscription, a subscription held by a queued upgrade, and a completed audit run. Mutations
/// of valid requests therefore reach the handlers and storage, not just the id checks.
/// </summary>
public sealed class FuzzTarget(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string Customer = "contoso";

    /// <summary>Business Essentials, 25 seats, active: every upgrade and license request on it would succeed if valid.</summary>
    public const string Subscription = "contoso-essentials";

    public const int SubscriptionQuantity = 25;

    /// <summary>Business, 5 seats, with the queued upgrade <see cref="OperationId"/>: another upgrade request on it meets concurrency_conflicts.</summary>
    public const string HeldSubscription = "contoso-business";

    public const string SuspendedSubscription = "contoso-suspended";

    public WorkerApp App { get; private set; } = null!;

    public AzuriteFixture Azurite { get; } = azurite;

    public Uri Server { get; private set; } = null!;

    public string PartnerId { get; private set; } = null!;

    public string ApiKey { get; private set; } = null!;

    /// <summary>A valid Entra ID token of the partner's tenant (write role), for the fuzzer to mangle.</summary>
    public string BearerToken { get; private set; } = null!;

    /// <summary>The same token, expired an hour ago.</summary>
    public string ExpiredBearerToken { get; private set; } = null!;

    private TestIdentityProvider _identity = null!;

    public string OperationId { get; private set; } = null!;

    public string AuditRunId { get; private set; } = null!;

    public int WebhookLimitBytes => App.Service<IOptions<WebhookOptions>>().Value.MaxBodyBytes;

    public async Task InitializeAsync()
    {
        // Entra ID on, so that hostile Authorization headers meet the token validation, not just "not configured".
        _identity = await TestIdentityProvider.StartAsync();
        var settings = EntraAppFixture.Settings(_identity);
        // Keys are looked up once, not on each of the thousands of requests.
        settings["Security__ApiKeyCacheDuration"] = "00:10:00";
        // Thousands of refused requests are not worth a log line each.
        settings["Logging__LogLevel__Default"] = "Warning";
        App = await WorkerApp.StartAsync(Azurite, settings);
        Server = App.Host.BaseAddress;

        var partner = await TestPartner.CreateAsync(App, "fuzz");
        PartnerId = partner.Id;
        ApiKey = partner.Client.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        var tenant = Guid.NewGuid();
        await App.Service<PartnerTenantStore>().AddAsync(tenant, partner.PartnerId, DateTimeOffset.UtcNow);
        var token = new TokenRequest(tenant, EntraAppFixture.ClientId) { Roles = [EntraPermissions.Write] };
        BearerToken = _identity.Issue(token);
        ExpiredBearerToken = _identity.Issue(token with { NotBeforeOffset = TimeSpan.FromHours(-2) });
        await partner.SeedAsync(Customer,
            new SubscriptionSpec(Subscription, "o365-business-essentials") { Quantity = SubscriptionQuantity },
            new SubscriptionSpec(HeldSubscription, "o365-business") { Quantity = 5 },
            new SubscriptionSpec(SuspendedSubscription, "o365-business-premium") { Quantity = 3 }.Suspended());

        using var accepted = await partner.PostAsync(Routes.Upgrades(Customer, HeldSubscription),
            new { targetOffer = "o365-enterprise-e3", upgradeType = "upgrade_only" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        OperationId = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        // The shared queue keeps no message of ours; the operation stays queued, holding its subscription.
        Assert.Single(await new UpgradeQueueProbe(Azurite).TakeMessagesOfAsync(OperationId));

        AuditRunId = await App.RunAuditAsync();
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (_identity is not null)
        {
            await _identity.DisposeAsync();
        }
    }
}
