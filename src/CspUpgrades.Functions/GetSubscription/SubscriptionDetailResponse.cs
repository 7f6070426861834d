using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.GetSubscription;

/// <summary>
/// One subscription as the partner's view shows it before a change: its offer (id and display name), channel, seats and
/// who holds them, term and price, and the <c>version</c> that <c>If-Match</c> takes.
/// </summary>
public sealed record SubscriptionDetailResponse(
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
    IReadOnlyList<string> AddOnIds,
    IReadOnlyList<AssignedUserResponse> AssignedUsers,
    long Version)
{
    public static SubscriptionDetailResponse From(Subscription subscription, OfferCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(catalog);
        return new(
            subscription.Id.Value, subscription.OfferId.Value, catalog.Find(subscription.OfferId)?.DisplayName, subscription.Status,
            subscription.Channel.Kind, subscription.Channel.PartnerName, subscription.Quantity, subscription.AssignedUsers.Count,
            subscription.BillingCycle, subscription.TermStart, subscription.TermEnd, MoneyResponse.From(subscription.UnitPrice),
            subscription.AddOnIds.Select(id => id.Value).ToList(),
            subscription.AssignedUsers.Select(AssignedUserResponse.From).ToList(),
            subscription.Version);
    }
}

