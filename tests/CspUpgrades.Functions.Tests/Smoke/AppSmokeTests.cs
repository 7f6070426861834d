using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Smoke;

[Collection(AzuriteFixture.CollectionName)]
public sealed class AppSmokeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CspUpgradesApp _app = new(azurite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnswersTheHostsReadinessProbeAndHealth()
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RefusesAPartnerEndpointWithoutAKey()
    {
        var response = await _app.CreateClient().GetAsync(new Uri("/api/customers/c/subscriptions/s/upgrades", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unauthorized", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnswersAnUnknownCustomerWithNotFound()
    {
        var client = await _app.ClientForPartnerAsync("partner-a");

        var response = await client.GetAsync(new Uri("/api/customers/nobody/subscriptions/nothing/upgrades", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
    }
}
