using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CspUpgrades.Functions.Tests.Publishing;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.IsolatedWorker;

/// <summary>
/// The worker serves the committed OpenAPI document; the committed document is the one the endpoints' own metadata
/// generates (through the custom handler, while it exists). After changing an endpoint, refresh it with
/// <c>CSP_WRITE_OPENAPI=1 dotnet test tests/CspUpgrades.Functions.Tests --filter OpenApiDocumentTests</c>.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class OpenApiDocumentTests(AzuriteFixture azurite)
{
    private static readonly string Committed = Path.Combine(PublishedApp.RepositoryRoot(), "src", "CspUpgrades.Functions", "OpenApi", "openapi.v1.json");

    [Fact]
    public async Task TheCommittedDocumentIsTheOneTheEndpointsGenerate()
    {
        await using var app = new CspUpgradesApp(azurite);
        var generated = JsonNode.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/openapi/v1.json", UriKind.Relative)))!.AsObject();
        generated.Remove("servers");
        if (Environment.GetEnvironmentVariable("CSP_WRITE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, generated.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(
            JsonNode.DeepEquals(generated, JsonNode.Parse(await File.ReadAllTextAsync(Committed))),
            $"{Committed} is not the generated document: refresh it (see {nameof(OpenApiDocumentTests)}).");
    }

    [Fact]
    public async Task TheWorkerServesTheCommittedDocument()
    {
        await using var worker = await WorkerApp.StartAsync(azurite);
        using var client = worker.CreateClient();

        using var response = await client.GetAsync(new Uri("api/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await response.Content.ReadAsStringAsync()), JsonNode.Parse(await File.ReadAllTextAsync(Committed))));
    }
}
