using System.Net;
using System.Net.Http.Json;
using CspUpgrades.Functions.Composition;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Telemetry;

/// <summary>The benchmark's window on the app's storage requests: off by default, per function when on.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageRequestDiagnosticsTests(AzuriteFixture azurite)
{
    private static readonly Uri Endpoint = new(StorageRequestDiagnostics.Path, UriKind.Relative);

    [Fact]
    public async Task IsNotServedUnlessTurnedOn()
    {
        await using var app = new CspUpgradesApp(azurite);

        using var response = await app.CreateClient().GetAsync(Endpoint);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CountsTheRequestsOfEachFunctionsInvocations()
    {
        await using var app = new CspUpgradesApp(azurite, new Dictionary<string, string?>
        {
            [AppSettings.ConfigurationKey(AppSettings.StorageRequestDiagnostics)] = "true",
            ["Security:ApiKeyCacheDuration"] = "00:05:00",
        });
        using var partner = await app.ClientForPartnerAsync("partner-a");
        var customer = new CustomerEvents("partner-a", "contoso");
        await Steps.SendEventsAsync(app, customer.Profile(), customer.Subscription("essentials", "o365-business-essentials", 10, "5.00"));

        // The first check reads the API key (1) and the customer (1); the second finds the key in the cache.
        for (var check = 0; check < 2; check++)
        {
            using var answer = await partner.GetAsync(new Uri("/api/customers/contoso/subscriptions/essentials/upgrades", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var report = await app.CreateClient().GetFromJsonAsync<StorageRequestReport>(Endpoint);

        Assert.NotNull(report);
        Assert.Equal(new FunctionStorageRequests(2, 3, 3), report.Functions["CheckUpgradeEligibility"]);
        Assert.Equal(2, report.Functions["ReceiveSubscriptionEvent"].Invocations);
        Assert.True(report.TotalRequests >= report.Functions.Values.Sum(f => f.Requests));
    }
}
