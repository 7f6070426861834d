using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Customers;

/// <summary>
/// One line of the partner's customer list: who the customer is and how many of its subscriptions can be upgraded now or are
/// blocked. Kept in the partner's <c>~customers</c> partition (<see cref="CustomerSummaryStore"/>), so a page of the list is one
/// range read rather than a scan of every customer; recomputed from the customer's partition after every change.
/// </summary>
/// <param name="Currency">What the partner bills the customer in: the currency of its subscriptions through this partner (the most
/// frequent, should they differ); null when it has none.</param>
/// <param name="SubscriptionCount">Every subscription the customer holds, through any channel (as its subscription list shows them).</param>
/// <param name="UpgradableCount">Subscriptions with at least one upgrade available now (<see cref="EligibilityResult.IsAvailable"/>).</param>
/// <param name="BlockedCount">Subscriptions whose offer has upgrade targets none of which can be had now (<see cref="EligibilityResult.IsBlocked"/>).</param>
/// <param name="UpdatedAt">When the counts were computed.</param>
public sealed record CustomerSummary(
    CustomerId CustomerId,
    string? Name,
    string? Country,
    CurrencyCode? Currency,
    int SubscriptionCount,
    int UpgradableCount,
    int BlockedCount,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The summary of the customer as read, by the one evaluation every eligibility answer uses: each subscription is evaluated
    /// exactly as CheckUpgradeEligibility evaluates it, including the claim of an operation holding it at <paramref name="now"/>.
    /// </summary>
    public static CustomerSummary Of(CustomerRecord record, OfferCatalog catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(catalog);
        var snapshot = record.Snapshot;
        var results = snapshot.Subscriptions
            .Select(subscription => UpgradeEligibility.Evaluate(catalog, snapshot, subscription.Id, record.HeldBy(subscription.Id, now)))
            .ToList();
        return new CustomerSummary(
            snapshot.CustomerId,
            record.Profile?.CompanyName,
            record.Profile?.Country,
            BillingCurrency(snapshot),
            snapshot.Subscriptions.Count,
            results.Count(result => result.IsAvailable),
            results.Count(result => result.IsBlocked),
            now);
    }

    /// <summary>The same line, whenever it was computed: what the daily repair compares.</summary>
    public bool SaysTheSameAs(CustomerSummary other) => this == other with { UpdatedAt = UpdatedAt };

    private static CurrencyCode? BillingCurrency(CustomerSnapshot snapshot) =>
        snapshot.Subscriptions
            .Where(subscription => subscription.Channel.Kind == ChannelKind.ThisPartner)
            .GroupBy(subscription => subscription.UnitPrice.Currency)
            .OrderByDescending(group => group.Count())
            .ThenBy(group => group.Key.Code, StringComparer.Ordinal)
            .Select(group => (CurrencyCode?)group.Key)
            .FirstOrDefault();
}
