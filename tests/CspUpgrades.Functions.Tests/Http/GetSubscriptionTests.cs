using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>GET /api/customers/{customerId}/subscriptions/{subscriptionId}: one subscription as the partner sees it before a change.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class GetSubscriptionTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";
    private const string Path = "/api/customers/contoso/subscriptions/contoso-essentials";

    private static readonly SubscriptionSpec Essentials = new("contoso-essentials", "o365-business-essentials")
    {
        Quantity = 12,
        Users = [new UserSpec("user-1", "Ada", "ada@contoso.example", "ExchangeMailbox", "Teams")],
    };

    [Fact]
    public async Task AnswersTheSubscriptionWithItsUsersAndItsVersionAsETag()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        using var response = await partner.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("contoso-essentials", body.GetProperty("id").GetString());
        Assert.Equal("o365-business-essentials", body.GetProperty("offerId").GetString());
        Assert.Equal("Office 365 Business Essentials", body.GetProperty("offerName").GetString());
        Assert.Equal("this_partner", body.GetProperty("channel").GetString());
        Assert.Equal(12, body.GetProperty("quantity").GetInt32());
        Assert.Equal(1, body.GetProperty("assignedSeats").GetInt32());
        var user = Assert.Single(body.GetProperty("assignedUsers").EnumerateArray());
        Assert.Equal("user-1", user.GetProperty("userObjectId").GetString());
        Assert.Equal(["ExchangeMailbox", "Teams"], user.GetProperty("services").EnumerateArray().Select(s => s.GetString()!));
        Assert.Equal($"\"{body.GetProperty("version").GetInt64()}\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task IfNoneMatchWithTheCurrentVersionIsNotModified()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        using var first = await partner.GetAsync(Path);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Path, UriKind.Relative));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await partner.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AVersionReadBeforeAChangeIsNoLongerCurrent()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        using var before = await partner.GetAsync(Path);
        using (await partner.PostAsync(Routes.Licenses(Customer, "contoso-essentials"), new { quantity = 1 }))
        {
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Path, UriKind.Relative));
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await partner.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(13, JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task AnotherPartnersSubscriptionIsNotFound()
    {
        var owner = await fixture.NewPartnerAsync("owner");
        await owner.SeedAsync(Customer, Essentials);
        var intruder = await fixture.NewPartnerAsync("intruder");

        using var response = await intruder.GetAsync(Path);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnUnknownSubscriptionIsNotFound()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        using var response = await partner.GetAsync("/api/customers/contoso/subscriptions/nothing-here");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("/api/customers/con~toso/subscriptions/contoso-essentials", "customerId")]
    [InlineData("/api/customers/contoso/subscriptions/sub~1", "subscriptionId")]
    public async Task AMalformedIdIsABadRequestNamingIt(string path, string field)
    {
        var partner = await fixture.NewPartnerAsync();

        using var response = await partner.GetAsync(path);

        await ProblemAssert.IsInvalidFieldAsync(response, field);
    }

    [Fact]
    public async Task WithoutAKeyItIsUnauthorized()
    {
        using var anonymous = fixture.App.CreateClient();
        anonymous.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await anonymous.GetAsync(new Uri(Path, UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }
}
