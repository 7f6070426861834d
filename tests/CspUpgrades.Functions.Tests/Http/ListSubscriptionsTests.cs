using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// GET /api/customers/{customerId}/subscriptions: every subscription of the customer, whoever sells it, with the information
/// icon's answer (<c>upgrade.isAvailable</c>), the options it offers and every reason when there are none.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ListSubscriptionsTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";

    private static readonly SubscriptionSpec Essentials = new("essentials", "o365-business-essentials") { Quantity = 12 };
    private static readonly SubscriptionSpec Suspended = new SubscriptionSpec("suspended", "o365-business") { Status = "suspended" };
    private static readonly SubscriptionSpec TopOfTheLine = new("e5", "o365-enterprise-e5") { Quantity = 3 };
    private static readonly SubscriptionSpec ThroughAnother = new SubscriptionSpec("elsewhere", "o365-business-premium").ThroughOtherPartner("Fourth Coffee IT");
    private static readonly SubscriptionSpec Direct = new SubscriptionSpec("direct", "o365-enterprise-e1").BoughtDirectly();

    private async Task<TestPartner> SeededAsync()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials, Suspended, TopOfTheLine, ThroughAnother, Direct);
        return partner;
    }

    private static Dictionary<string, JsonElement> ById(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().ToDictionary(item => item.GetProperty("id").GetString()!);

    [Fact]
    public async Task ListsEverySubscriptionWithItsChannelSeatsPriceAndVersion()
    {
        var partner = await SeededAsync();

        var list = await partner.GetJsonAsync(Routes.Subscriptions(Customer));

        var items = ById(list);
        Assert.Equal(["direct", "e5", "elsewhere", "essentials", "suspended"], items.Keys.Order(StringComparer.Ordinal));
        var essentials = items["essentials"];
        Assert.Equal("o365-business-essentials", essentials.GetProperty("offerId").GetString());
        Assert.Equal("Office 365 Business Essentials", essentials.GetProperty("offerName").GetString());
        Assert.Equal(12, essentials.GetProperty("quantity").GetInt32());
        Assert.Equal("5.00", essentials.GetProperty("unitPrice").GetProperty("amount").GetString());
        Assert.Equal("monthly", essentials.GetProperty("billingCycle").GetString());
        Assert.Equal("other_partner", items["elsewhere"].GetProperty("channel").GetString());
        Assert.Equal("Fourth Coffee IT", items["elsewhere"].GetProperty("channelPartnerName").GetString());
        Assert.Equal("direct", items["direct"].GetProperty("channel").GetString());

        // The version is the one GetSubscription's ETag carries, so If-Match can be sent from the list.
        using var one = await partner.GetAsync(Routes.Subscription(Customer, "essentials"));
        Assert.Equal($"\"{essentials.GetProperty("version").GetInt64()}\"", one.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task AnUpgradableSubscriptionShowsItsOptionsWithPreviews()
    {
        var partner = await SeededAsync();

        var upgrade = ById(await partner.GetJsonAsync(Routes.Subscriptions(Customer)))["essentials"].GetProperty("upgrade");

        Assert.True(upgrade.GetProperty("isAvailable").GetBoolean());
        Assert.False(upgrade.GetProperty("isBlocked").GetBoolean());
        Assert.Empty(upgrade.GetProperty("upgradeErrors").EnumerateArray());
        var options = upgrade.GetProperty("options").EnumerateArray().ToList();
        Assert.NotEmpty(options);
        Assert.All(options, option =>
        {
            Assert.True(option.GetProperty("isEligible").GetBoolean());
            Assert.Equal(JsonValueKind.Object, option.GetProperty("preview").ValueKind);
        });
        Assert.Contains(options, option => option.GetProperty("targetOffer").GetProperty("id").GetString() == "o365-enterprise-e3");
    }

    [Fact]
    public async Task ABlockedSubscriptionSaysEveryReasonOnceAndOneWithoutTargetsIsNotBlocked()
    {
        var partner = await SeededAsync();

        var items = ById(await partner.GetJsonAsync(Routes.Subscriptions(Customer)));

        var suspended = items["suspended"].GetProperty("upgrade");
        Assert.False(suspended.GetProperty("isAvailable").GetBoolean());
        Assert.True(suspended.GetProperty("isBlocked").GetBoolean());
        Assert.Empty(suspended.GetProperty("options").EnumerateArray());
        Assert.Equal("subscription_status_not_active", Codes(suspended)[0]);
        var reasons = suspended.GetProperty("upgradeErrors").EnumerateArray().Select(error => error.GetRawText()).ToList();
        Assert.Equal(reasons.Distinct(), reasons);

        var elsewhere = items["elsewhere"].GetProperty("upgrade");
        Assert.True(elsewhere.GetProperty("isBlocked").GetBoolean());
        Assert.Contains("subscription_not_managed_by_partner", Codes(elsewhere));

        var e5 = items["e5"].GetProperty("upgrade");
        Assert.False(e5.GetProperty("isAvailable").GetBoolean());
        Assert.False(e5.GetProperty("isBlocked").GetBoolean());
        Assert.Equal(["subscription_does_not_have_any_upgrade_paths"], Codes(e5));
    }

    [Theory]
    [InlineData("?status=suspended", new[] { "suspended" })]
    [InlineData("?status=active", new[] { "direct", "e5", "elsewhere", "essentials" })]
    [InlineData("?status=pending", new string[0])]
    [InlineData("?upgradable=true", new[] { "essentials" })]
    [InlineData("?upgradable=false", new[] { "direct", "e5", "elsewhere", "suspended" })]
    [InlineData("?upgradable=false&status=active", new[] { "direct", "e5", "elsewhere" })]
    public async Task FiltersByStatusAndByWhetherAnUpgradeIsAvailable(string query, string[] expected)
    {
        var partner = await SeededAsync();

        var list = await partner.GetJsonAsync(Routes.Subscriptions(Customer) + query);

        Assert.Equal(expected, ById(list).Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("?status=Active", "status")]
    [InlineData("?status=deleted", "status")]
    [InlineData("?status=", "status")]
    [InlineData("?status=active&status=suspended", "status")]
    [InlineData("?upgradable=yes", "upgradable")]
    [InlineData("?upgradable=1", "upgradable")]
    [InlineData("?upgradable=TRUE", "upgradable")]
    public async Task AnUnknownFilterValueIsABadRequestNamingIt(string query, string field)
    {
        var partner = await SeededAsync();

        using var response = await partner.GetAsync(Routes.Subscriptions(Customer) + query);

        await ProblemAssert.IsInvalidFieldAsync(response, field);
    }

    [Fact]
    public async Task AnUnknownOrForeignCustomerIsNotFound()
    {
        var owner = await SeededAsync();
        var intruder = await fixture.NewPartnerAsync("intruder");

        using var foreign = await intruder.GetAsync(Routes.Subscriptions(Customer));
        using var unknown = await owner.GetAsync(Routes.Subscriptions("nobody"));

        await ProblemAssert.IsAsync(foreign, HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsAsync(unknown, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AMalformedCustomerIdIsABadRequestNamingIt()
    {
        var partner = await fixture.NewPartnerAsync();

        using var response = await partner.GetAsync("/api/customers/con~toso/subscriptions");

        await ProblemAssert.IsInvalidFieldAsync(response, "customerId");
    }

    private static List<string> Codes(JsonElement upgrade) =>
        upgrade.GetProperty("upgradeErrors").EnumerateArray().Select(error => error.GetProperty("code").GetString()!).ToList();
}
