using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Upgrades;

namespace CspUpgrades.Functions.ListSubscriptions;

/// <summary>One row of the customer's subscription list: what it is, who sells it, its seats and price, its <c>version</c>
/// (what <c>If-Match</c> takes), and whether it can be upgraded now.</summary>
public sealed record SubscriptionSummaryResponse(
    string Id,
    string OfferId,
    string? OfferName,
    SubscriptionStatus Status,
    ChannelKind Channel,
    string? ChannelPartnerName,
    int Quantity,
    int AssignedSeats,
    BillingCycle BillingCycle,
    DateOnly TermStart,
    DateOnly TermEnd,
    MoneyResponse UnitPrice,
    long Version,
    UpgradeIndicatorResponse Upgrade)
{
    public static SubscriptionSummaryResponse From(Subscription subscription, UpgradeOutlook outlook, OfferCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(outlook);
        ArgumentNullException.ThrowIfNull(catalog);
        return new(
            subscription.Id.Value, subscription.OfferId.Value, catalog.Find(subscription.OfferId)?.DisplayName, subscription.Status,
            subscription.Channel.Kind, subscription.Channel.PartnerName, subscription.Quantity, subscription.AssignedUsers.Count,
            subscription.BillingCycle, subscription.TermStart, subscription.TermEnd, MoneyResponse.From(subscription.UnitPrice),
            subscription.Version, UpgradeIndicatorResponse.From(outlook));
    }
}

/// <summary>
/// The subscription list's upgrade indicator: <see cref="IsAvailable"/> is Partner Center's information icon after the name;
/// <see cref="Options"/> the eligible options with their previews (as CheckUpgradeEligibility lists them);
/// <see cref="UpgradeErrors"/> every reason none is available, each once.
/// </summary>
/// <param name="IsBlocked">The offer has upgrade targets but none can be had now (an offer without targets is neither).</param>
public sealed record UpgradeIndicatorResponse(
    bool IsAvailable,
    bool IsBlocked,
    IReadOnlyList<UpgradeOptionResponse> Options,
    IReadOnlyList<UpgradeError> UpgradeErrors)
{
    public static UpgradeIndicatorResponse From(UpgradeOutlook outlook)
    {
        ArgumentNullException.ThrowIfNull(outlook);
        return new(
            outlook.Eligibility.IsAvailable,
            outlook.Eligibility.IsBlocked,
            outlook.Options.Where(previewed => previewed.Option.IsEligible).Select(UpgradeOptionResponse.From).ToList(),
            outlook.Eligibility.ReasonsNoneIsAvailable);
    }
}
