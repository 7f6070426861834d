using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.OpenApi;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Functions.Tests.Publishing;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// GET /api/openapi/v1.json describes the public surface: every HTTP function under its name, derived from the functions
/// themselves, and the committed copy (docs/openapi.v1.json, what partners and the generated client read) is that document.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class OpenApiTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    public static TheoryData<string, string, string, string[]> Operations => new()
    {
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades", "get", "CheckUpgradeEligibility", ["200", "400", "401", "404"] },
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades", "post", "RequestUpgrade", ["202", "400", "401", "404", "409", "413", "415", "422"] },
        { "/api/operations/{operationId}", "get", "GetUpgradeOperation", ["200", "400", "401", "404"] },
        { "/api/customers", "get", "ListCustomers", ["200", "400", "401"] },
        { "/api/customers/{customerId}/subscriptions", "get", "ListSubscriptions", ["200", "400", "401", "404"] },
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}", "get", "GetSubscription", ["200", "304", "400", "401", "404"] },
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}/operations", "get", "ListSubscriptionHistory", ["200", "400", "401", "404"] },
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}/licenses", "post", "AddLicenses", ["200", "400", "401", "404", "409", "412", "413", "415", "422"] },
        { "/api/customers/{customerId}/subscriptions/{subscriptionId}/licenses/preview", "get", "PreviewAddLicenses", ["200", "400", "401", "404"] },
        { "/api/webhooks/subscription-events", "post", "ReceiveSubscriptionEvent", ["200", "400", "401", "413", "415", "422"] },
        { "/api/audits/{runId}", "get", "GetAuditReport", ["200", "400", "401", "404"] },
        { "/api/events", "get", "ListEvents", ["200", "400", "401"] },
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
                "/api/customers",
                "/api/customers/{customerId}/subscriptions",
                "/api/customers/{customerId}/subscriptions/{subscriptionId}",
                "/api/customers/{customerId}/subscriptions/{subscriptionId}/licenses",
                "/api/customers/{customerId}/subscriptions/{subscriptionId}/licenses/preview",
                "/api/customers/{customerId}/subscriptions/{subscriptionId}/operations",
                "/api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades",
                "/api/events",
                "/api/operations/{operationId}",
                "/api/webhooks/subscription-events",
            },
            document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The committed copy is what the app serves. After a change to the API, regenerate it:
    /// <c>UPDATE_OPENAPI=1 dotnet test tests/CspUpgrades.Functions.Tests --filter TheCommittedDocumentIsTheOneTheAppServes</c>.
    /// </summary>
    [Fact]
    public async Task TheCommittedDocumentIsTheOneTheAppServes()
    {
        using var response = await fixture.App.CreateClient().GetAsync(new Uri("/api/openapi/v1.json", UriKind.Relative));
        var served = await response.Content.ReadAsStringAsync();
        var committedPath = Path.Combine(PublishedApp.RepositoryRoot(), "docs", "openapi.v1.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(committedPath, served, new UTF8Encoding(false));
        }

        Assert.True(File.ReadAllText(committedPath) == served,
            "docs/openapi.v1.json differs from the document the app serves; regenerate it (see this test's summary) and commit it.");
    }

    [Fact]
    public async Task EveryOperationIsSummarisedAndEveryPartnerOperationAsksForTheApiKey()
    {
        var document = await GetDocumentAsync();

        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
        foreach (var operation in document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()))
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()));
            var open = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
            Assert.Equal(operation.Value.GetProperty("operationId").GetString() == "ReceiveSubscriptionEvent", open);
        }
    }

    [Fact]
    public async Task IdsAreStringsWithThePatternTheAppAccepts()
    {
        var document = await GetDocumentAsync();
        var upgradeResult = document.GetProperty("components").GetProperty("schemas").GetProperty("UpgradeResult").GetProperty("properties");

        Assert.Equal(ComponentSchemas.IdPattern, upgradeResult.GetProperty("sourceSubscriptionId").GetProperty("pattern").GetString());
        Assert.Contains("string", upgradeResult.GetProperty("targetSubscriptionId").GetProperty("type").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contoso-essentials")]
    [InlineData("a")]
    [InlineData("A.b_c-9")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("slash/inside")]
    [InlineData("ümlaut")]
    [InlineData("x\n")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void TheIdPatternAcceptsExactlyWhatAnIdAccepts(string value) =>
        Assert.Equal(SubscriptionId.TryParse(value, out _), AsJsonSchemaReadsIt.IsMatch(value));

    // JSON Schema patterns are ECMA-262, where '$' is the end of the input; in .NET it also matches before a final '\n'.
    private static readonly Regex AsJsonSchemaReadsIt = new(ComponentSchemas.IdPattern.TrimEnd('$') + @"\z", RegexOptions.None, TimeSpan.FromSeconds(1));

    private async Task<JsonElement> GetDocumentAsync()
    {
        using var response = await fixture.App.CreateClient().GetAsync(new Uri("/api/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
