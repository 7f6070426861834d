using CspUpgrades.Storage.Customers;

namespace CspUpgrades.Functions.ListCustomers;

/// <summary>One page of the partner's customers; <see cref="ContinuationToken"/> reads the next (null on the last page).</summary>
public sealed record CustomerListResponse(IReadOnlyList<CustomerResponse> Items, string? ContinuationToken);

/// <summary>
/// A customer as the list shows it, from its summary (kept current by every change to the customer, repaired daily by the audit).
/// </summary>
/// <param name="Country">ISO 3166-1 alpha-2, as the sync source last gave it; null when it did not.</param>
/// <param name="Currency">The currency of the customer's subscriptions through this partner; null when it has none.</param>
/// <param name="SubscriptionCount">Every subscription the customer holds, through any channel.</param>
/// <param name="UpgradableCount">Subscriptions with at least one upgrade available now, as CheckUpgradeEligibility would answer.</param>
/// <param name="BlockedCount">Subscriptions whose offer has upgrade targets, none of which can be had now.</param>
/// <param name="SummaryUpdatedAt">When these counts were computed: the customer's last change, or the last audit that found them out of date.</param>
public sealed record CustomerResponse(
    string Id,
    string? Name,
    string? Country,
    string? Currency,
    int SubscriptionCount,
    int UpgradableCount,
    int BlockedCount,
    DateTimeOffset SummaryUpdatedAt)
{
    public static CustomerResponse From(CustomerSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(
            summary.CustomerId.Value, summary.Name, summary.Country, summary.Currency?.Code, summary.SubscriptionCount,
            summary.UpgradableCount, summary.BlockedCount, summary.UpdatedAt);
    }
}
