using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Smoke;

[Collection(AzuriteFixture.CollectionName)]
public sealed class AppSmokeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private WorkerApp _app = null!;

    public async Task InitializeAsync() => _app = await WorkerApp.StartAsync(azurite);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnswersHealth()
    {
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RefusesAPartnerEndpointWithoutAKey()
    {
        using var client = _app.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/customers/c/subscriptions/s/upgrades", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unauthorized", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnswersAnUnknownCustomerWithNotFound()
    {
        using var client = await _app.ClientForPartnerAsync("partner-a");

        using var response = await client.GetAsync(new Uri("/api/customers/nobody/subscriptions/nothing/upgrades", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
    }
}
