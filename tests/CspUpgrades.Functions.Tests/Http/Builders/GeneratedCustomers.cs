using System.Globalization;

namespace CspUpgrades.Functions.Tests.Http.Builders;

/// <summary>
/// Generated customers for the agreement tests: every status, channel, region, delegated admin grant, currency, billing
/// cycle, term start, quantity near the seat cap, copies and conflicts beside the source, and (on request) users.
/// </summary>
public static class GeneratedCustomers
{
    private static readonly string[] GlobalBusiness = ["o365-business", "o365-business-premium", "o365-business-essentials"];
    private static readonly string[] IndiaBusiness = ["o365-business-india", "o365-business-premium-india", "o365-business-essentials-india"];
    private static readonly string[] Everything =
        [.. GlobalBusiness, .. IndiaBusiness, "o365-proplus", "o365-enterprise-e1", "o365-enterprise-e3", "o365-enterprise-e5"];

    private static readonly (string Currency, string Price)[] Prices =
        [("USD", "5.00"), ("USD", "8.25"), ("EUR", "4.20"), ("GBP", "4.00"), ("INR", "125.00"), ("JPY", "700")];


    /// <summary>A customer with a source subscription and up to two others; with <paramref name="withUsers"/>, the source's
    /// seats are partly assigned to users with random services (so license moves and license errors both occur).</summary>
    public static (CustomerSpec Profile, SubscriptionSpec Source, SubscriptionSpec[] Others) Next(Random random, bool withUsers = false)
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
        if (withUsers)
        {
            source = source with { Users = Users(random, Math.Min(source.Quantity, random.Next(6))) };
        }

        return (profile, source, others);
    }

    private static readonly string[] Services =
        ["ExchangeMailbox", "SharePoint", "OneDrive", "Teams", "OfficeWebApps", "OfficeDesktopApps", "PhoneSystem", "PowerBIPro"];

    private static UserSpec[] Users(Random random, int count) =>
        Enumerable.Range(0, count)
            .Select(n => new UserSpec($"user-{n}", $"User {n}", $"user{n}@example.test", Services.Where(_ => random.Next(3) == 0).DefaultIfEmpty("OfficeWebApps").ToArray()))
            .ToArray();

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


    public static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    public static string Describe(CustomerSpec profile, SubscriptionSpec source, SubscriptionSpec[] others)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(source);
        return $"{profile.Region}, dap {profile.DelegatedAdmin}/{profile.DelegatedServices?.Count.ToString(CultureInfo.InvariantCulture) ?? "all"}; "
            + string.Join("; ", new[] { source }.Concat(others).Select(s => $"{s.Id} {s.OfferId} {s.Status} {s.Channel} x{s.Quantity} {s.UnitPrice} {s.Currency} {s.BillingCycle} from {s.TermStart:yyyy-MM-dd}{(s.AddOns.Count > 0 ? " +addon" : "")}{(s.Users is { Count: > 0 } users ? $" users {users.Count}" : "")}"));
    }
}
