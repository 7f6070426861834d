using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>GET /api/openapi/v1.json describes the public surface: every HTTP function under its name.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class OpenApiTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    public static TheoryData<string, string, string, string[]> Operations => new()
    {
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades", "get", "CheckUpgradeEligibility", ["200", "400", "401", "404"] },
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades", "post", "RequestUpgrade", ["202", "400", "401", "404", "409", "413", "415", "422"] },
        { "/api/operations/{operationId}", "get", "GetUpgradeOperation", ["200", "400", "401", "404"] },
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}/licenses", "post", "AddLicenses", ["200", "400", "401", "404", "409", "412", "413", "415", "422"] },
        { "/api/webhooks/subscription-events", "post", "ReceiveSubscriptionEvent", ["200", "400", "401", "413", "415", "422"] },
        { "/api/audits/{runId}", "get", "GetAuditReport", ["200", "400", "401", "404"] },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task ListsEveryHttpFunctionWithItsResponses(string path, string method, string functionName, string[] statuses)
    {
        var document = await GetDocumentAsync();

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"no path {path}");
        Assert.True(item.TryGetProperty(method, out var operation), $"no {method} {path}");
        Assert.Equal(functionName, operation.GetProperty("operationId").GetString());
        var listed = operation.GetProperty("responses").EnumerateObject().Select(response => response.Name).ToHashSet();
        Assert.All(statuses, status => Assert.Contains(status, listed));
        if (method == "post")
        {
            Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        }
    }

    [Fact]
    public async Task IsAnOpenApi3DocumentWithNothingButThePublicRoutes()
    {
        var document = await GetDocumentAsync();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            new[]
            {
                "/api/audits/{runId}",
                "/api/customers/{customerId}/subscriptions/{subscriptionId}/licenses",
                "/api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades",
                "/api/operations/{operationId}",
                "/api/webhooks/subscription-events",
            },
            document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private async Task<JsonElement> GetDocumentAsync()
    {
        using var response = await fixture.App.CreateClient().GetAsync(new Uri("/api/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
