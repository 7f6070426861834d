using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// GET …/licenses/preview?quantity=N: what AddLicenses would do, without doing it; sent back with its version in
/// <c>If-Match</c>, AddLicenses charges exactly what was previewed.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PreviewAddLicensesTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";
    private static readonly SubscriptionSpec Essentials = new("essentials", "o365-business-essentials") { Quantity = 12 };

    private static string Preview(string query) => Routes.Licenses(Customer, "essentials") + "/preview" + query;

    [Fact]
    public async Task AddingWhatWasPreviewedWithItsVersionChargesExactlyThePreview()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        using var previewed = await partner.GetAsync(Preview("?quantity=3"));
        var preview = JsonDocument.Parse(await previewed.Content.ReadAsStringAsync()).RootElement;
        using var added = await partner.PostAsync(Routes.Licenses(Customer, "essentials"), new { quantity = 3 }, ("If-Match", previewed.Headers.ETag!.Tag));
        var result = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        Assert.True(preview.GetProperty("isAllowed").GetBoolean());
        Assert.Equal((12, 15), (preview.GetProperty("quantityBefore").GetInt32(), preview.GetProperty("quantityAfter").GetInt32()));
        Assert.Equal($"\"{preview.GetProperty("version").GetInt64()}\"", previewed.Headers.ETag.Tag);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var charge = preview.GetProperty("charge");
        Assert.Equal(charge.GetProperty("amount").GetRawText(), result.GetProperty("charge").GetProperty("amount").GetRawText());
        Assert.Equal(charge.GetProperty("daysRemaining").GetInt32(), result.GetProperty("charge").GetProperty("daysRemaining").GetInt32());
        Assert.Equal(15, result.GetProperty("subscription").GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task APreviewChangesNothing()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var before = await partner.GetJsonAsync(Routes.Subscription(Customer, "essentials"));

        for (var i = 0; i < 3; i++)
        {
            using var previewed = await partner.GetAsync(Preview("?quantity=5"));
            Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        }

        var after = await partner.GetJsonAsync(Routes.Subscription(Customer, "essentials"));
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task ARefusedAdditionSaysEveryReasonAndHasNoCharge()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, (Essentials with { Status = "suspended" }).ThroughOtherPartner("Fourth Coffee IT"));

        var preview = await partner.GetJsonAsync(Preview("?quantity=1"));

        Assert.False(preview.GetProperty("isAllowed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("charge").ValueKind);
        Assert.Equal(12, preview.GetProperty("quantityAfter").GetInt32());
        Assert.Equal(
            ["subscription_not_managed_by_partner", "subscription_status_not_active"],
            preview.GetProperty("upgradeErrors").EnumerateArray().Select(error => error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task PastTheBusinessSeatCapItIsRefusedWithTheSeatLimit()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials with { Quantity = 295 });

        var preview = await partner.GetJsonAsync(Preview("?quantity=6"));

        Assert.False(preview.GetProperty("isAllowed").GetBoolean());
        Assert.Equal("seat_limit_exceeded", preview.GetProperty("upgradeErrors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?quantity=")]
    [InlineData("?quantity=0")]
    [InlineData("?quantity=-1")]
    [InlineData("?quantity=10001")]
    [InlineData("?quantity=1.5")]
    [InlineData("?quantity=three")]
    [InlineData("?quantity=1&quantity=2")]
    public async Task AMissingOrBadQuantityIsABadRequestNamingIt(string query)
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        using var response = await partner.GetAsync(Preview(query));

        await ProblemAssert.IsInvalidFieldAsync(response, "quantity");
    }

    [Fact]
    public async Task AnotherPartnersSubscriptionIsNotFound()
    {
        var owner = await fixture.NewPartnerAsync("owner");
        await owner.SeedAsync(Customer, Essentials);
        var intruder = await fixture.NewPartnerAsync("intruder");

        using var response = await intruder.GetAsync(Preview("?quantity=1"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
    }
}
