using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Storage.Model;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>GET /api/operations/{operationId}.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class GetUpgradeOperationTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private readonly UpgradeQueueProbe _queue = new(fixture.Azurite);

    [Fact]
    public async Task ReadsAQueuedOperationAsItWasAccepted()
    {
        var (partner, accepted) = await RequestUpgradeAsync();
        var id = accepted.GetProperty("id").GetString()!;

        using var response = await partner.GetAsync(Routes.Operation(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var operation = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("queued", operation.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, operation.GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Null, operation.GetProperty("completedAt").ValueKind);
        Assert.Empty(operation.GetProperty("billingLines").EnumerateArray());
        foreach (var field in new[] { "id", "customerId", "sourceSubscriptionId", "targetOffer", "upgradeType", "quantity", "createdAt" })
        {
            Assert.Equal(accepted.GetProperty(field).ToString(), operation.GetProperty(field).ToString());
        }
    }

    [Fact]
    public async Task ShowsTheOperationAsRunningWhileItHoldsItsSubscription()
    {
        var (partner, accepted) = await RequestUpgradeAsync();
        var id = accepted.GetProperty("id").GetString()!;
        await fixture.App.Table.AddEntityAsync(new TableEntity(
            TableLayout.CustomerPartition(partner.PartnerId, new CustomerId("contoso")), TableLayout.ClaimRow(new SubscriptionId("contoso-essentials")))
        {
            ["OperationId"] = id,
            ["ClaimedAt"] = DateTimeOffset.UtcNow,
        });

        var operation = await partner.GetJsonAsync(Routes.Operation(id));

        Assert.Equal("running", operation.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownOperation()
    {
        var partner = await fixture.NewPartnerAsync();

        using var response = await partner.GetAsync(Routes.Operation(Guid.NewGuid().ToString("D")));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnswersNotFoundForAnotherPartnersOperation()
    {
        var (_, accepted) = await RequestUpgradeAsync();
        var stranger = await fixture.NewPartnerAsync("stranger");

        using var response = await stranger.GetAsync(Routes.Operation(accepted.GetProperty("id").GetString()!));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain("contoso", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x' or RowKey ne '")]
    [InlineData("..%2F~apikeys")]
    public async Task RefusesAnOperationIdWithBadCharacters(string operationId)
    {
        var partner = await fixture.NewPartnerAsync();

        using var response = await partner.GetAsync(Routes.Operation(operationId.Replace(" ", "%20", StringComparison.Ordinal)));

        await ProblemAssert.IsInvalidFieldAsync(response, "operationId");
    }

    [Fact]
    public async Task RefusesARequestWithoutAValidApiKey()
    {
        var (partner, accepted) = await RequestUpgradeAsync();
        var key = partner.Client.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        using var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key[..^4] + "AAAA");

        using var response = await client.GetAsync(new Uri(Routes.Operation(accepted.GetProperty("id").GetString()!), UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private async Task<(TestPartner Partner, JsonElement Operation)> RequestUpgradeAsync()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", new SubscriptionSpec("contoso-essentials", "o365-business-essentials") { Quantity = 25 });
        using var response = await partner.PostAsync(Routes.Upgrades("contoso", "contoso-essentials"),
            new { targetOffer = "o365-enterprise-e1", upgradeType = "upgrade_only", quantity = 5 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var operation = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Single(await _queue.TakeMessagesOfAsync(operation.GetProperty("id").GetString()!));
        return (partner, operation);
    }
}
