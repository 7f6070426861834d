using System.Globalization;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// CheckUpgradeEligibility's <c>preview</c>: before Submit, each eligible option's credit, charge and net, and where each user
/// goes — priced for today or for <c>?asOf=</c>, a day of the subscription's current billing period.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class UpgradePreviewTests(HttpAppFixture fixture) : IClassFixture<HttpAppFixture>
{
    private const string Customer = "contoso";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateOnly MonthStart = new(Today.Year, Today.Month, 1);

    // Ten seats at 5.00 USD a month, periods starting on the 1st: on the 1st nothing of the month is used yet.
    private static readonly SubscriptionSpec Essentials = new("essentials", "o365-business-essentials")
    {
        Quantity = 10,
        TermStart = MonthStart,
        TermEnd = MonthStart.AddYears(1),
        Users =
        [
            new UserSpec("ada", "Ada", "ada@contoso.example", "ExchangeMailbox", "Teams"),
            new UserSpec("grace", "Grace", "grace@contoso.example", "ExchangeMailbox", "PhoneSystem"),
        ],
    };

    private static string Upgrades(string query = "") => Routes.Upgrades(Customer, "essentials") + query;

    private static JsonElement Option(JsonElement eligibility, string target, string type) =>
        eligibility.GetProperty("items").EnumerateArray().Single(item =>
            item.GetProperty("targetOffer").GetProperty("id").GetString() == target && item.GetProperty("upgradeType").GetString() == type);

    [Fact]
    public async Task OnThePeriodsFirstDayTheWholeMonthIsCreditedAndCharged()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        var eligibility = await partner.GetJsonAsync(Upgrades($"?asOf={MonthStart:yyyy-MM-dd}"));

        var preview = Option(eligibility, "o365-enterprise-e3", "upgrade_with_license_transfer").GetProperty("preview");
        Assert.Equal(MonthStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), eligibility.GetProperty("effectiveDate").GetString());
        Assert.Equal(10, preview.GetProperty("quantity").GetInt32());
        Assert.Equal("closed", preview.GetProperty("sourceChange").GetString());
        Assert.Equal(preview.GetProperty("daysInPeriod").GetInt32(), preview.GetProperty("daysRemaining").GetInt32());
        Assert.Equal("20.00", preview.GetProperty("targetUnitPrice").GetProperty("amount").GetString());
        Assert.Equal(("-50.00", "200.00", "150.00", "USD"), (
            preview.GetProperty("credit").GetProperty("amount").GetString(),
            preview.GetProperty("charge").GetProperty("amount").GetString(),
            preview.GetProperty("net").GetProperty("amount").GetString(),
            preview.GetProperty("net").GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task ItSaysWhichUsersMoveAndWhichNeedManualWork()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        var eligibility = await partner.GetJsonAsync(Upgrades());

        var licenses = Option(eligibility, "o365-enterprise-e3", "upgrade_with_license_transfer").GetProperty("preview").GetProperty("licenses");
        Assert.Equal(["ada"], Ids(licenses.GetProperty("moved")));
        Assert.Empty(licenses.GetProperty("staying").EnumerateArray());
        var error = Assert.Single(licenses.GetProperty("licenseErrors").EnumerateArray());
        Assert.Equal("grace", error.GetProperty("userObjectId").GetString());
        Assert.Equal("services_not_in_target_offer", error.GetProperty("errors")[0].GetProperty("code").GetString());

        // upgrade_only moves nobody: both need a license assigned by hand.
        var only = Option(eligibility, "o365-enterprise-e3", "upgrade_only").GetProperty("preview").GetProperty("licenses");
        Assert.Empty(only.GetProperty("moved").EnumerateArray());
        Assert.Equal(2, only.GetProperty("licenseErrors").GetArrayLength());
    }

    [Fact]
    public async Task ARefusedOptionHasNoPreview()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials with { Status = "suspended" });

        var eligibility = await partner.GetJsonAsync(Upgrades());

        Assert.All(eligibility.GetProperty("items").EnumerateArray(), item =>
        {
            Assert.False(item.GetProperty("isEligible").GetBoolean());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("preview").ValueKind);
        });
    }

    [Fact]
    public async Task ALaterDayOfThePeriodCreditsAndChargesLess()
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var lastDay = MonthStart.AddMonths(1).AddDays(-1);

        var first = Option(await partner.GetJsonAsync(Upgrades($"?asOf={MonthStart:yyyy-MM-dd}")), "o365-enterprise-e3", "upgrade_only").GetProperty("preview");
        var last = Option(await partner.GetJsonAsync(Upgrades($"?asOf={lastDay:yyyy-MM-dd}")), "o365-enterprise-e3", "upgrade_only").GetProperty("preview");

        Assert.Equal(1, last.GetProperty("daysRemaining").GetInt32());
        Assert.True(Minor(last, "charge") < Minor(first, "charge"));
        Assert.True(Minor(last, "credit") > Minor(first, "credit"));
    }

    [Theory]
    [InlineData("?asOf=yesterday")]
    [InlineData("?asOf=2026-13-01")]
    [InlineData("?asOf=2026-1-1")]
    [InlineData("?asOf=")]
    [InlineData("?asOf=2026-01-01&asOf=2026-01-02")]
    public async Task AMalformedAsOfIsABadRequestNamingIt(string query)
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);

        using var response = await partner.GetAsync(Upgrades(query));

        await ProblemAssert.IsInvalidFieldAsync(response, "asOf");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(400)]
    public async Task AnAsOfOutsideTheCurrentPeriodIsABadRequestSayingThePeriod(int monthsAway)
    {
        var partner = await fixture.NewPartnerAsync();
        await partner.SeedAsync(Customer, Essentials);
        var outside = monthsAway < 0 ? MonthStart.AddDays(-1) : MonthStart.AddMonths(monthsAway);

        using var response = await partner.GetAsync(Upgrades($"?asOf={outside:yyyy-MM-dd}"));

        var problem = await ProblemAssert.IsInvalidFieldAsync(response, "asOf");
        Assert.Contains($"{MonthStart:yyyy-MM-dd}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static long Minor(JsonElement preview, string line) => preview.GetProperty(line).GetProperty("minorUnits").GetInt64();

    private static List<string> Ids(JsonElement users) => users.EnumerateArray().Select(user => user.GetProperty("userObjectId").GetString()!).ToList();
}
