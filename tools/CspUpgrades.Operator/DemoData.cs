using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Partners;

namespace CspUpgrades.Operator;

/// <summary>
/// A demo partner whose customers exercise every rule: eligible, suspended, no delegated admin,
/// conflicting services, already owns the target, India, near the seat cap. Seeding again starts the
/// demo over: the demo partner's earlier rows (upgrades, billing, operations) are removed first.
/// </summary>
internal static class DemoData
{
    public static readonly PartnerId Partner = new("demo-partner");

    /// <summary>The idempotency key the printed curl command uses, so its operation id can be printed too.</summary>
    public const string IdempotencyKey = "demo-1";

    /// <summary>
    /// The operation id the app gives an upgrade the demo partner requests with <see cref="IdempotencyKey"/> (the domain's
    /// one derivation, which the app uses too).
    /// </summary>
    public static OperationId OperationId { get; } =
        OperationId.ForIdempotencyKey(Partner, IdempotencyKey);

    public static readonly (string Customer, string Story)[] Customers =
    [
        ("contoso", "eligible: Business Essentials, 25 seats, users assigned"),
        ("fabrikam", "suspended Business Premium: not upgradable until reactivated"),
        ("northwind", "no delegated admin privileges"),
        ("adatum", "conflicting services: Business Essentials held through another partner"),
        ("litware", "already owns Enterprise E3, bought directly from Microsoft (suspended: the audit reports it)"),
        ("india-co", "India edition: upgrades to Business Premium India, never the global one"),
        ("tailspin", "296 Business-family seats: adding 5 licenses breaks the 300-seat cap"),
    ];

    /// <param name="catalog">The catalog the app evaluates with, for the customer list's counts (each customer's summary is
    /// written as the app's own changes write it).</param>
    public static async Task<ApiKey> SeedAsync(
        CustomerStore customers, CustomerSummaryStore summaries, OfferCatalog catalog, PartnerApiKeyStore keys, TimeProvider time)
    {
        await customers.DeleteEverythingOfPartnerAsync(Partner);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var termStart = new DateOnly(today.Year, today.Month, 1);
        var all = new DelegatedAdminGrant(true, Enum.GetValues<ServiceKind>());

        await Customer(customers, "contoso", all, Sub("contoso-essentials", "o365-business-essentials", 25, termStart, users: 3));
        await Customer(customers, "fabrikam", all, Sub("fabrikam-premium", "o365-business-premium", 10, termStart, SubscriptionStatus.Suspended));
        await Customer(customers, "northwind", DelegatedAdminGrant.None, Sub("northwind-business", "o365-business", 15, termStart));
        await Customer(customers, "adatum", all,
            Sub("adatum-business", "o365-business", 20, termStart, users: 2),
            Sub("adatum-essentials-other", "o365-business-essentials", 20, termStart, channel: SalesChannel.OtherPartner("Fourth Coffee IT")));
        await Customer(customers, "litware", all,
            Sub("litware-essentials", "o365-business-essentials", 40, termStart),
            Sub("litware-e3-direct", "o365-enterprise-e3", 5, termStart, SubscriptionStatus.Suspended, SalesChannel.Direct));
        await Customer(customers, "india-co", all, Sub("india-co-essentials", "o365-business-essentials-india", 12, termStart, currency: "INR", price: 12500));
        await Customer(customers, "tailspin", all,
            Sub("tailspin-premium", "o365-business-premium", 290, termStart),
            Sub("tailspin-business", "o365-business", 6, termStart));

        foreach (var (customer, _) in Customers)
        {
            await summaries.RefreshAsync(Partner, new CustomerId(customer), catalog, time);
        }

        return await keys.CreateKeyAsync(Partner, "demo key (seed-demo)", time, PartnerPermission.Write); // the printed curl commands upgrade
    }

    private static async Task Customer(CustomerStore customers, string id, DelegatedAdminGrant admin, params Subscription[] subscriptions)
    {
        var customer = new CustomerId(id);
        var india = id.EndsWith("-co", StringComparison.Ordinal);
        await customers.SaveProfileAsync(Partner, customer, new CustomerProfile(india ? Region.India : Region.Global, admin, id, india ? "IN" : "US"));
        foreach (var subscription in subscriptions)
        {
            await customers.SaveSubscriptionAsync(Partner, customer, subscription);
        }
    }

    private static Subscription Sub(
        string id, string offer, int quantity, DateOnly termStart, SubscriptionStatus status = SubscriptionStatus.Active,
        SalesChannel? channel = null, int users = 0, string currency = "USD", long price = 500) => new()
    {
        Id = new SubscriptionId(id),
        OfferId = new OfferId(offer),
        Status = status,
        Quantity = quantity,
        Channel = channel ?? SalesChannel.ThisPartner,
        BillingCycle = BillingCycle.Monthly,
        TermStart = termStart,
        TermEnd = termStart.AddYears(1),
        UnitPrice = new Money(price, new CurrencyCode(currency)),
        AssignedUsers = Enumerable.Range(1, users).Select(n => new AssignedUser(
            new UserObjectId($"{id}-user-{n}"), $"User {n}", $"user{n}@{id.Split('-')[0]}.example",
            n == 1 ? [ServiceKind.ExchangeMailbox, ServiceKind.Teams, ServiceKind.OfficeWebApps] : [ServiceKind.OfficeWebApps])).ToList(),
        Version = 1,
    };
}
