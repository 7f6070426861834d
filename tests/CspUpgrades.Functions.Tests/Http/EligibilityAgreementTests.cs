using System.Globalization;
using System.Net;
using System.Text.Json;
using CspUpgrades.Functions.Tests.Http.Builders;
using CspUpgrades.Functions.Tests.Http.Support;
using CspUpgrades.Testing.Azurite;
using Xunit.Abstractions;

namespace CspUpgrades.Functions.Tests.Http;

/// <summary>
/// One evaluation: for generated customers (every status, channel, region, delegated admin grant, currency, billing
/// cycle, term start, quantity near the seat cap, copies and conflicts beside the source), each option the eligibility
/// check lists is what RequestUpgrade then does — eligible options are accepted, refused ones are refused with exactly
/// the reasons eligibility gave, and an option's <c>quantity</c> is the most seats a request may move.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EligibilityAgreementTests(HttpAppFixture fixture, ITestOutputHelper output) : IClassFixture<HttpAppFixture>
{
    private const int Customers = 30;

    private static readonly string[] GlobalBusiness = ["o365-business", "o365-business-premium", "o365-business-essentials"];
    private static readonly string[] IndiaBusiness = ["o365-business-india", "o365-business-premium-india", "o365-business-essentials-india"];
    private static readonly string[] Everything =
        [.. GlobalBusiness, .. IndiaBusiness, "o365-proplus", "o365-enterprise-e1", "o365-enterprise-e3", "o365-enterprise-e5"];

    private static readonly (string Currency, string Price)[] Prices =
        [("USD", "5.00"), ("USD", "8.25"), ("EUR", "4.20"), ("GBP", "4.00"), ("INR", "125.00"), ("JPY", "700")];

    [Fact]
    public async Task RequestUpgradeRefusesExactlyWhatEligibilityRefusedAndAcceptsEverythingElse()
    {
        var random = new Random(20261202);
        var partner = await fixture.NewPartnerAsync("agree");
        var (agreed, accepted, refused) = (0, 0, 0);
        for (var n = 0; n < Customers; n++)
        {
            var customer = $"c{n}";
            var (profile, source, others) = Generate(random);
            await partner.SeedAsync(customer, profile, [source, .. others]);
            var eligibility = await partner.GetJsonAsync(Routes.Upgrades(customer, source.Id));

            foreach (var item in eligibility.GetProperty("items").EnumerateArray())
            {
                var target = item.GetProperty("targetOffer").GetProperty("id").GetString()!;
                var type = item.GetProperty("upgradeType").GetString()!;
                var eligible = item.GetProperty("isEligible").GetBoolean();
                var quantity = Math.Max(1, item.GetProperty("quantity").GetInt32());
                var listed = Codes(item.GetProperty("upgradeErrors"));
                var what = $"customer {n} ({Describe(profile, source, others)}): {target}/{type} x{quantity}, listed [{string.Join(", ", listed)}]";

                using var response = await partner.PostAsync(Routes.Upgrades(customer, source.Id), new { targetOffer = target, upgradeType = type, quantity });
                var body = await response.Content.ReadAsStringAsync();
                if (eligible)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{what}: eligible, but the request answered {(int)response.StatusCode} {body}");
                    accepted++;
                    if (quantity < source.Quantity)
                    {
                        // Fewer than all seats fit under the cap: one more than listed is refused for exactly that.
                        using var more = await partner.PostAsync(Routes.Upgrades(customer, source.Id), new { targetOffer = target, upgradeType = type, quantity = quantity + 1 });
                        var problem = await ProblemAssert.IsAsync(more, HttpStatusCode.Conflict, "upgrade_not_eligible");
                        Assert.Equal(["seat_limit_exceeded"], ProblemAssert.UpgradeErrorCodes(problem));
                    }
                }
                else
                {
                    Assert.True(response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"{what}: refused, but the request answered {(int)response.StatusCode} {body}");
                    var answered = Codes(JsonDocument.Parse(body).RootElement.GetProperty("upgradeErrors"));
                    Assert.True(listed.SequenceEqual(answered), $"{what}: the request refused with [{string.Join(", ", answered)}]");
                    refused++;
                }

                agreed++;
            }
        }

        output.WriteLine($"{Customers} customers, {agreed} options agreed: {accepted} accepted, {refused} refused");
        Assert.True(accepted > 20 && refused > 20, $"the generated customers should exercise both outcomes ({accepted} accepted, {refused} refused)");
    }

    private static (CustomerSpec Profile, SubscriptionSpec Source, SubscriptionSpec[] Others) Generate(Random random)
    {
        var india = random.Next(5) == 0;
        var profile = (random.Next(10)) switch
        {
            0 => CustomerSpec.WithoutDelegatedAdmin,
            1 or 2 => new CustomerSpec { DelegatedServices = EventBuilder.AllServices.Where(service => service != Pick(random, "OfficeDesktopApps", "Teams", "SharePoint")).ToList() },
            _ => CustomerSpec.Default,
        } with { Region = india ? "India" : "Global" };

        var (currency, price) = india && random.Next(3) > 0 ? ("INR", "125.00") : Pick(random, Prices);
        var source = Subscription(random, "source", Pick(random, india ? IndiaBusiness : GlobalBusiness), currency, price) with
        {
            Status = random.Next(10) switch { 0 => "suspended", 1 => "pending", 2 => "cancelled", _ => "active" },
            Channel = random.Next(12) switch { 0 => "other_partner", 1 => "direct", _ => "this_partner" },
            AddOns = random.Next(10) == 0 ? ["o365-advanced-threat-protection"] : [],
        };
        if (source.Channel == "other_partner")
        {
            source = source with { ChannelPartnerName = "Fourth Coffee IT" };
        }

        var others = Enumerable.Range(0, random.Next(3)).Select(i => Subscription(random, $"other-{i}", Pick(random, Everything), currency, price) with
        {
            Status = Pick(random, "active", "active", "suspended", "pending", "cancelled"),
            Channel = Pick(random, "this_partner", "this_partner", "other_partner", "direct"),
            ChannelPartnerName = "Contoso Partner",
        }).Select(other => other.Channel == "other_partner" ? other : other with { ChannelPartnerName = null }).ToArray();
        return (profile, source, others);
    }

    private static SubscriptionSpec Subscription(Random random, string id, string offer, string currency, string price)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var termStart = Pick(random, EventBuilder.DefaultTermStart, today, today.AddDays(1), today.AddDays(-400));
        return new SubscriptionSpec(id, offer)
        {
            Quantity = Pick(random, 0, 1, 10, 10, 150, 290, 300),
            BillingCycle = Pick(random, "monthly", "monthly", "annual"),
            TermStart = termStart,
            TermEnd = termStart.AddYears(1),
            Currency = currency,
            UnitPrice = price,
        };
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    private static List<string> Codes(JsonElement errors) => errors.EnumerateArray().Select(error => error.GetProperty("code").GetString()!).ToList();

    private static string Describe(CustomerSpec profile, SubscriptionSpec source, SubscriptionSpec[] others) =>
        $"{profile.Region}, dap {profile.DelegatedAdmin}/{profile.DelegatedServices?.Count.ToString(CultureInfo.InvariantCulture) ?? "all"}; "
        + string.Join("; ", new[] { source }.Concat(others).Select(s => $"{s.Id} {s.OfferId} {s.Status} {s.Channel} x{s.Quantity} {s.UnitPrice} {s.Currency} {s.BillingCycle} from {s.TermStart:yyyy-MM-dd}{(s.AddOns.Count > 0 ? " +addon" : "")}"));
}
