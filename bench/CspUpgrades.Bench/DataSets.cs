using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Bench;

/// <summary>One customer as the seeder writes it: the profile and subscriptions the app's stores map to rows.</summary>
internal sealed record CustomerData(CustomerId Id, CustomerProfile Profile, IReadOnlyList<Subscription> Subscriptions);

/// <summary>
/// The data sets, generated from a fixed seed so every run reads the same rows. Customers of the mixed sets hold
/// 1..max subscriptions of the source offers and a few others; about 1 % are suspended and 1 % cancelled (what the
/// audit reports), and one customer in 20 has no delegated admin.
/// </summary>
internal static class DataSets
{
    public static readonly PartnerId Partner = new("bench-partner");

    /// <summary>What an upgrade customer holds and is upgraded to: eligible, nothing conflicting.</summary>
    public const string UpgradeSourceOffer = "o365-business-essentials";
    public const string UpgradeTargetOffer = "o365-enterprise-e3";

    private static readonly string[] Offers =
    [
        "o365-business", "o365-business-premium", "o365-business-essentials", "o365-business-essentials",
        "o365-business-premium", "o365-proplus", "o365-enterprise-e1",
    ];

    private static readonly DelegatedAdminGrant AllServices = new(true, Enum.GetValues<ServiceKind>());

    /// <summary>A term that started two months ago: today is always inside one of its monthly periods.</summary>
    public static DateOnly TermStart { get; } = FirstOfThisMonth().AddMonths(-2);

    /// <summary><paramref name="customers"/> customers with 1..<paramref name="maxSubscriptions"/> subscriptions each.</summary>
    public static IEnumerable<CustomerData> Mixed(string prefix, int customers, int maxSubscriptions, int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < customers; n++)
        {
            yield return MixedCustomer(prefix, n, random.Next(1, maxSubscriptions + 1), random);
        }
    }

    /// <summary>Customers like <see cref="Mixed"/> until they hold exactly <paramref name="subscriptions"/> subscriptions.</summary>
    public static IEnumerable<CustomerData> MixedWithSubscriptions(string prefix, int subscriptions, int maxSubscriptions, int seed)
    {
        var random = new Random(seed);
        for (var (n, left) = (0, subscriptions); left > 0; n++)
        {
            var count = Math.Min(left, random.Next(1, maxSubscriptions + 1));
            left -= count;
            yield return MixedCustomer(prefix, n, count, random);
        }
    }

    /// <summary><paramref name="customers"/> customers like <see cref="Mixed"/>, each with exactly <paramref name="subscriptions"/> subscriptions.</summary>
    public static IEnumerable<CustomerData> MixedExactly(string prefix, int customers, int subscriptions, int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < customers; n++)
        {
            yield return MixedCustomer(prefix, n, subscriptions, random);
        }
    }

    /// <summary>Customers with one active <see cref="UpgradeSourceOffer"/> subscription each, eligible for <see cref="UpgradeTargetOffer"/>.</summary>
    public static IEnumerable<CustomerData> Upgradable(string prefix, int customers)
    {
        for (var n = 0; n < customers; n++)
        {
            var id = CustomerId(prefix, n);
            yield return new CustomerData(id, new CustomerProfile(Region.Global, AllServices, id.Value),
                [Subscription(SubscriptionId(id, 0), UpgradeSourceOffer, SubscriptionStatus.Active, 10)]);
        }
    }

    public static CustomerId CustomerId(string prefix, int n) => new($"{prefix}{n:D6}");

    public static SubscriptionId SubscriptionId(CustomerId customer, int n) => new($"{customer.Value}-s{n:D2}");

    private static CustomerData MixedCustomer(string prefix, int n, int subscriptions, Random random)
    {
        var id = CustomerId(prefix, n);
        var admin = random.Next(20) == 0 ? DelegatedAdminGrant.None : AllServices;
        var subs = new List<Subscription>(subscriptions);
        for (var s = 0; s < subscriptions; s++)
        {
            var roll = random.Next(100);
            var status = roll < 1 ? SubscriptionStatus.Suspended : roll < 2 ? SubscriptionStatus.Cancelled : SubscriptionStatus.Active;
            subs.Add(Subscription(SubscriptionId(id, s), Offers[random.Next(Offers.Length)], status, random.Next(1, 15)));
        }

        return new CustomerData(id, new CustomerProfile(Region.Global, admin, id.Value), subs);
    }

    private static Subscription Subscription(SubscriptionId id, string offer, SubscriptionStatus status, int quantity) => new()
    {
        Id = id,
        OfferId = new OfferId(offer),
        Status = status,
        Quantity = quantity,
        Channel = SalesChannel.ThisPartner,
        BillingCycle = BillingCycle.Monthly,
        TermStart = TermStart,
        TermEnd = TermStart.AddYears(1),
        UnitPrice = new Money(800, new CurrencyCode("USD")),
        Version = 1,
    };

    private static DateOnly FirstOfThisMonth()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new DateOnly(today.Year, today.Month, 1);
    }
}
