using System.Net;
using System.Text.Json;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>GET /api/customers/{customerId}/subscriptions/{subscriptionId}/upgrades, on state seeded through signed webhooks.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CheckUpgradeEligibilityTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private static readonly string[] EssentialsTargets = ["o365-business-premium", "o365-enterprise-e1", "o365-enterprise-e3", "o365-enterprise-e5"];
    private static readonly string[] BusinessTargets = ["o365-business-premium", "o365-proplus", "o365-enterprise-e3", "o365-enterprise-e5"];
    private static readonly string[] BothTypes = ["upgrade_only", "upgrade_with_license_transfer"];

    [Fact]
    public async Task ListsEveryTargetOfTheSourceOfferWithBothUpgradeTypes()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", new SubscriptionSpec("contoso-essentials", "o365-business-essentials") { Quantity = 25 });

        var answer = await partner.GetJsonAsync(Routes.Upgrades("contoso", "contoso-essentials"));

        Assert.Equal("contoso-essentials", answer.GetProperty("sourceSubscriptionId").GetString());
        Assert.Equal("o365-business-essentials", answer.GetProperty("sourceOffer").GetString());
        Assert.Empty(answer.GetProperty("upgradeErrors").EnumerateArray());
        var options = Option.All(answer);
        Assert.Equal(
            EssentialsTargets.SelectMany(target => BothTypes.Select(type => (target, type))).Order(),
            options.Select(o => (o.Target, o.Type)).Order());
        Assert.All(options, option =>
        {
            Assert.True(option.IsEligible, option.ToString());
            Assert.Empty(option.Codes);
            Assert.Equal(25, option.Quantity);
        });
        Assert.Equal("Office 365 Enterprise E3", options.First(o => o.Target == "o365-enterprise-e3").Name);
    }

    [Fact]
    public async Task RefusesEveryOptionOfASuspendedSubscriptionAsNotActive()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("fabrikam", new SubscriptionSpec("fabrikam-premium", "o365-business-premium").Suspended());

        var options = Option.All(await partner.GetJsonAsync(Routes.Upgrades("fabrikam", "fabrikam-premium")));

        Assert.Equal(4, options.Count);
        Assert.All(options, option => AssertOnlyReason(option, UpgradeErrorCodes.SubscriptionStatusNotActive));
        Assert.All(options, option => Assert.Contains("suspended", option.Details.Single(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusesEveryOptionOfAPendingSubscriptionAsNotProvisioned()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("pending-co", new SubscriptionSpec("pending-business", "o365-business").Pending());

        var options = Option.All(await partner.GetJsonAsync(Routes.Upgrades("pending-co", "pending-business")));

        Assert.Equal(8, options.Count);
        Assert.All(options, option => AssertOnlyReason(option, UpgradeErrorCodes.SubscriptionNotProvisioned));
    }

    [Fact]
    public async Task RefusesEveryOptionWithoutDelegatedAdminPrivileges()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("northwind", CustomerSpec.WithoutDelegatedAdmin, new SubscriptionSpec("northwind-business", "o365-business") { Quantity = 15 });

        var options = Option.All(await partner.GetJsonAsync(Routes.Upgrades("northwind", "northwind-business")));

        Assert.Equal(BusinessTargets.Order(), options.Select(o => o.Target).Distinct().Order());
        Assert.All(options, option => AssertOnlyReason(option, UpgradeErrorCodes.DelegatedAdminPermissionsDisabled));
    }

    [Fact]
    public async Task ConflictingServicesBlockOnlyTheTransferOfLicenses()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("adatum",
            new SubscriptionSpec("adatum-business", "o365-business") { Quantity = 20 },
            new SubscriptionSpec("adatum-essentials-other", "o365-business-essentials") { Quantity = 20 }.ThroughOtherPartner("Fourth Coffee IT"));

        var options = Option.All(await partner.GetJsonAsync(Routes.Upgrades("adatum", "adatum-business")));

        Assert.All(options.Where(o => o.Type == "upgrade_only"), option => Assert.True(option.IsEligible, option.ToString()));
        // ProPlus adds nothing the other partner's Business Essentials has; the others add mail, SharePoint and Teams.
        Assert.True(options.Single(o => o is { Target: "o365-proplus", Type: "upgrade_with_license_transfer" }).IsEligible);
        var blocked = options.Where(o => o.Type == "upgrade_with_license_transfer" && o.Target != "o365-proplus").ToList();
        Assert.Equal(3, blocked.Count);
        Assert.All(blocked, option =>
        {
            AssertOnlyReason(option, UpgradeErrorCodes.ConflictingServiceTypes);
            Assert.Contains("another partner (Fourth Coffee IT)", option.Details.Single(), StringComparison.Ordinal);
            Assert.Contains("adatum-essentials-other", option.Details.Single(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ATargetOwnedThroughAnotherPartnerIsRefusedNamingTheChannel()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("litware",
            new SubscriptionSpec("litware-essentials", "o365-business-essentials") { Quantity = 40 },
            new SubscriptionSpec("litware-e3-elsewhere", "o365-enterprise-e3") { Quantity = 5 }.ThroughOtherPartner("Fourth Coffee IT"));

        var options = Option.All(await partner.GetJsonAsync(Routes.Upgrades("litware", "litware-essentials")));

        var e3 = options.Where(o => o.Target == "o365-enterprise-e3").ToList();
        Assert.Equal(2, e3.Count);
        Assert.All(e3, option =>
        {
            AssertOnlyReason(option, UpgradeErrorCodes.TargetOfferAlreadyOwned);
            Assert.Equal("owned through another partner (Fourth Coffee IT): subscription litware-e3-elsewhere", option.Details.Single());
        });
        Assert.True(options.Single(o => o is { Target: "o365-enterprise-e1", Type: "upgrade_with_license_transfer" }).IsEligible);
    }

    [Fact]
    public async Task ATargetBoughtDirectlyIsRefusedAsBoughtFromMicrosoft()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("litware",
            new SubscriptionSpec("litware-essentials", "o365-business-essentials"),
            new SubscriptionSpec("litware-e3-direct", "o365-enterprise-e3").BoughtDirectly().Suspended());

        var options = Option.All(await partner.GetJsonAsync(Routes.Upgrades("litware", "litware-essentials")));

        var e3 = options.Single(o => o is { Target: "o365-enterprise-e3", Type: "upgrade_only" });
        AssertOnlyReason(e3, UpgradeErrorCodes.TargetOfferAlreadyOwned);
        Assert.Equal("bought directly from Microsoft: subscription litware-e3-direct, suspended", e3.Details.Single());
    }

    [Fact]
    public async Task IndiaBusinessEssentialsListsBusinessPremiumIndiaAndNeverTheGlobalEdition()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("india-co", CustomerSpec.India,
            new SubscriptionSpec("india-co-essentials", "o365-business-essentials-india") { Quantity = 12, UnitPrice = "125.00", Currency = "INR" });

        var options = Option.All(await partner.GetJsonAsync(Routes.Upgrades("india-co", "india-co-essentials")));

        Assert.Equal(
            new[] { "o365-business-premium-india", "o365-enterprise-e1", "o365-enterprise-e3", "o365-enterprise-e5" },
            options.Select(o => o.Target).Distinct().Order());
        Assert.DoesNotContain(options, o => o.Target == "o365-business-premium");
        Assert.All(options, option => Assert.True(option.IsEligible, option.ToString()));
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownCustomer()
    {
        var partner = await fixture.NewPartnerAsync();

        using var response = await partner.GetAsync(Routes.Upgrades("nobody", "nothing"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownSubscriptionOfAKnownCustomer()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", new SubscriptionSpec("contoso-essentials", "o365-business-essentials"));

        using var response = await partner.GetAsync(Routes.Upgrades("contoso", "contoso-other"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("..%2F..%2Fapikeys")]
    [InlineData("a|b")]
    public async Task RefusesACustomerIdWithBadCharacters(string customerId)
    {
        var partner = await fixture.NewPartnerAsync();

        using var response = await partner.GetAsync(Routes.Upgrades(Escape(customerId), "sub-1"));

        await ProblemAssert.IsInvalidFieldAsync(response, "customerId");
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("..%2F..%2Fprofile")]
    public async Task RefusesASubscriptionIdWithBadCharacters(string subscriptionId)
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", new SubscriptionSpec("contoso-essentials", "o365-business-essentials"));

        using var response = await partner.GetAsync(Routes.Upgrades("contoso", Escape(subscriptionId)));

        await ProblemAssert.IsInvalidFieldAsync(response, "subscriptionId");
    }

    [Fact]
    public async Task RefusesIdsOf65Characters()
    {
        var partner = await fixture.NewPartnerAsync();
        var tooLong = new string('c', 65);

        using var customer = await partner.GetAsync(Routes.Upgrades(tooLong, "sub-1"));
        using var subscription = await partner.GetAsync(Routes.Upgrades("contoso", tooLong));

        await ProblemAssert.IsInvalidFieldAsync(customer, "customerId");
        await ProblemAssert.IsInvalidFieldAsync(subscription, "subscriptionId");
    }

    [Fact]
    public async Task AcceptsAnIdOfExactly64Characters()
    {
        var partner = await fixture.NewPartnerAsync();
        var longId = new string('c', 64);
        await partner.SeedAsync(longId, new SubscriptionSpec("sub-1", "o365-business"));

        var answer = await partner.GetJsonAsync(Routes.Upgrades(longId, "sub-1"));

        Assert.Equal("sub-1", answer.GetProperty("sourceSubscriptionId").GetString());
    }

    [Fact]
    public async Task SaysConcurrencyConflictsWhileAnotherOperationHoldsTheSubscriptionAsARequestWould()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync("contoso", new SubscriptionSpec("contoso-essentials", "o365-business-essentials"));
        await fixture.App.Table.AddEntityAsync(new Azure.Data.Tables.TableEntity(
            Storage.Model.TableLayout.CustomerPartition(partner.PartnerId, new Domain.Primitives.CustomerId("contoso")),
            Storage.Model.TableLayout.ClaimRow(new Domain.Primitives.SubscriptionId("contoso-essentials")))
        {
            ["OperationId"] = "an-operation-in-progress",
            ["ClaimedAt"] = DateTimeOffset.UtcNow,
        });

        var options = Option.All(await partner.GetJsonAsync(Routes.Upgrades("contoso", "contoso-essentials")));

        Assert.Equal(8, options.Count);
        Assert.All(options, option => AssertOnlyReason(option, "concurrency_conflicts"));
        Assert.All(options, option => Assert.Contains("an-operation-in-progress", option.Details[0], StringComparison.Ordinal));
    }

    private static void AssertOnlyReason(Option option, string code)
    {
        Assert.False(option.IsEligible, option.ToString());
        Assert.Equal([code], option.Codes);
    }

    // Spaces and quotes are escaped as a client would; "%2F" stays as it is, so it reaches the app encoded.
    private static string Escape(string id) => id.Replace(" ", "%20", StringComparison.Ordinal).Replace("'", "%27", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);

    private sealed record Option(string Target, string Name, string Type, bool IsEligible, int Quantity, IReadOnlyList<string> Codes, IReadOnlyList<string> Details)
    {
        public static List<Option> All(JsonElement answer) => answer.GetProperty("items").EnumerateArray().Select(item => new Option(
            item.GetProperty("targetOffer").GetProperty("id").GetString()!,
            item.GetProperty("targetOffer").GetProperty("name").GetString()!,
            item.GetProperty("upgradeType").GetString()!,
            item.GetProperty("isEligible").GetBoolean(),
            item.GetProperty("quantity").GetInt32(),
            item.GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToList(),
            item.GetProperty("upgradeErrors").EnumerateArray().Select(e => e.GetProperty("additionalDetails").GetString()!).ToList())).ToList();

        public override string ToString() => $"{Target}/{Type}: eligible={IsEligible} [{string.Join(", ", Codes)}]";
    }
}
