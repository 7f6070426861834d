using System.Text.Json;
using CspUpgrades.Functions.Tests.EndToEnd;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// The partner's view before Submit is what happens after it, on generated customers (<see cref="GeneratedCustomers"/>):
/// the subscription list's indicator is CheckUpgradeEligibility's answer, and an upgrade carried out the same day bills exactly
/// the credit and charge its preview showed and reports exactly the license errors it listed.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PreviewAgreementTests(UpgradingAppFixture fixture, ITestOutputHelper output) : IClassFixture<UpgradingAppFixture>
{
    [Fact]
    public async Task TheListsIndicatorIsWhatEligibilityAnswersForEverySubscription()
    {
        var random = new Random(20261208);
        var partner = await fixture.NewPartnerAsync("list");
        var (available, blocked, compared) = (0, 0, 0);
        for (var n = 0; n < 20; n++)
        {
            var customer = $"c{n}";
            var (profile, source, others) = GeneratedCustomers.Next(random, withUsers: true);
            await partner.SeedAsync(customer, profile, [source, .. others]);

            var list = await partner.GetJsonAsync(Routes.Subscriptions(customer));
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                var id = item.GetProperty("id").GetString()!;
                var eligibility = await partner.GetJsonAsync(Routes.Upgrades(customer, id));
                var upgrade = item.GetProperty("upgrade");
                var what = $"customer {n} ({GeneratedCustomers.Describe(profile, source, others)}), subscription {id}";

                var eligible = eligibility.GetProperty("items").EnumerateArray().Where(option => option.GetProperty("isEligible").GetBoolean()).ToList();
                Assert.True(Json(eligible) == Json(upgrade.GetProperty("options").EnumerateArray()), $"{what}: the list's options differ from eligibility's");
                Assert.True((eligible.Count > 0) == upgrade.GetProperty("isAvailable").GetBoolean(), $"{what}: isAvailable");
                var reasons = eligible.Count > 0
                    ? []
                    : eligibility.GetProperty("upgradeErrors").EnumerateArray()
                        .Concat(eligibility.GetProperty("items").EnumerateArray().SelectMany(option => option.GetProperty("upgradeErrors").EnumerateArray()))
                        .Select(error => error.GetRawText()).Distinct().ToList();
                Assert.True(reasons.SequenceEqual(upgrade.GetProperty("upgradeErrors").EnumerateArray().Select(error => error.GetRawText())), $"{what}: the reasons differ");
                available += eligible.Count > 0 ? 1 : 0;
                blocked += upgrade.GetProperty("isBlocked").GetBoolean() ? 1 : 0;
                compared++;
            }
        }

        output.WriteLine($"{compared} subscriptions compared: {available} upgradable, {blocked} blocked");
        Assert.True(available > 5 && blocked > 5, $"the generated customers should be both upgradable and blocked ({available}, {blocked})");
    }

    [Fact]
    public async Task AnUpgradeBillsExactlyItsPreviewAndReportsItsLicenseErrors()
    {
        var random = new Random(20261209);
        var partner = await fixture.NewPartnerAsync("preview");
        var (upgraded, withLicenseErrors) = (0, 0);
        for (var n = 0; n < 120 && upgraded < 12; n++)
        {
            var customer = $"c{n}";
            var (profile, source, others) = GeneratedCustomers.Next(random, withUsers: true);
            await partner.SeedAsync(customer, profile, [source, .. others]);
            var eligibility = await partner.GetJsonAsync(Routes.Upgrades(customer, source.Id));
            var options = eligibility.GetProperty("items").EnumerateArray().Where(option => option.GetProperty("isEligible").GetBoolean()).ToList();
            if (options.Count == 0)
            {
                continue;
            }

            var option = options[random.Next(options.Count)];
            var preview = option.GetProperty("preview");
            var what = $"customer {n} ({GeneratedCustomers.Describe(profile, source, others)}): {option.GetProperty("targetOffer").GetProperty("id")} "
                + $"{option.GetProperty("upgradeType")} x{preview.GetProperty("quantity")}";
            var operationId = await Steps.RequestUpgradeAsync(
                partner.Client, customer, source.Id, option.GetProperty("targetOffer").GetProperty("id").GetString()!,
                option.GetProperty("upgradeType").GetString()!, preview.GetProperty("quantity").GetInt32());
            var operation = await Steps.FinishedOperationAsync(partner.Client, operationId);
            Assert.True(operation.GetProperty("status").GetString() == "succeeded", $"{what}: {operation}");

            var lines = operation.GetProperty("billingLines").EnumerateArray().ToDictionary(line => line.GetProperty("kind").GetString()!);
            var changeDate = lines["credit"].GetProperty("changeDate").GetString()!;
            if (changeDate != eligibility.GetProperty("effectiveDate").GetString())
            {
                // Midnight (UTC) passed between the preview and the upgrade: compare with the preview for the day it ran.
                var sameDay = await partner.GetJsonAsync(Routes.Upgrades(customer, source.Id) + "?asOf=" + changeDate);
                preview = sameDay.GetProperty("items").EnumerateArray().Single(o =>
                    o.GetProperty("targetOffer").GetRawText() == option.GetProperty("targetOffer").GetRawText()
                    && o.GetProperty("upgradeType").GetString() == option.GetProperty("upgradeType").GetString()).GetProperty("preview");
            }

            Assert.True(Json(preview.GetProperty("credit")) == Json(lines["credit"].GetProperty("amount")), $"{what}: credit {lines["credit"]} vs {preview}");
            Assert.True(Json(preview.GetProperty("charge")) == Json(lines["charge"].GetProperty("amount")), $"{what}: charge {lines["charge"]} vs {preview}");
            Assert.Equal(preview.GetProperty("daysRemaining").GetInt32(), lines["charge"].GetProperty("daysRemaining").GetInt32());
            var reported = operation.GetProperty("result").GetProperty("licenseErrors");
            Assert.True(Json(preview.GetProperty("licenses").GetProperty("licenseErrors")) == Json(reported), $"{what}: license errors {reported} vs {preview}");
            upgraded++;
            withLicenseErrors += reported.GetArrayLength() > 0 ? 1 : 0;
        }

        output.WriteLine($"{upgraded} upgrades billed their preview, {withLicenseErrors} with license errors");
        Assert.True(upgraded >= 10 && withLicenseErrors >= 3, $"the generated customers should give upgrades with and without license errors ({upgraded}, {withLicenseErrors})");
    }

    private static string Json(IEnumerable<JsonElement> elements) => "[" + string.Join(",", elements.Select(element => element.GetRawText())) + "]";

    private static string Json(JsonElement element) => element.GetRawText();
}
