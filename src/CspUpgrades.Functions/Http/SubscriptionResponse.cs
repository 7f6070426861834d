using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Functions.Http;

/// <summary>A subscription as partners see it; <c>version</c> is what <c>If-Match</c> guards.</summary>
public sealed record SubscriptionResponse(
    string Id,
    string OfferId,
    SubscriptionStatus Status,
    int Quantity,
    BillingCycle BillingCycle,
    DateOnly TermStart,
    DateOnly TermEnd,
    MoneyResponse UnitPrice,
    long Version)
{
    public static SubscriptionResponse From(Subscription subscription) => new(
        subscription.Id.Value, subscription.OfferId.Value, subscription.Status, subscription.Quantity,
        subscription.BillingCycle, subscription.TermStart, subscription.TermEnd,
        MoneyResponse.From(subscription.UnitPrice), subscription.Version);
}
