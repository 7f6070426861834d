using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Domain.Eligibility;

/// <summary>
/// Business-family plans are capped at <see cref="Limit"/> seats per customer across the family (DESIGN §1).
/// Counted: every held subscription (active, pending, suspended; any channel) of a Business-family offer.
/// Cancelled subscriptions and offers unknown to the catalog do not count.
/// </summary>
public static class BusinessSeatCap
{
    public const int Limit = 300;

    public static int SeatsInFamily(OfferCatalog catalog, CustomerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Subscriptions
            .Where(s => s.IsHeld && catalog.Find(s.OfferId)?.Family == OfferFamily.Business)
            .Sum(s => s.Quantity);
    }

    /// <summary>Seats the family can still take; 0 when the customer is at or over the limit.</summary>
    public static int Headroom(OfferCatalog catalog, CustomerSnapshot snapshot) =>
        Math.Max(0, Limit - SeatsInFamily(catalog, snapshot));

    /// <summary>
    /// How many of the source's seats may move to the target. Seats leaving a Business plan for another
    /// Business plan do not change the family total, so only a move into the family from outside is capped.
    /// </summary>
    public static int MaxSeatsMovable(OfferCatalog catalog, CustomerSnapshot snapshot, Subscription source, Offer? sourceOffer, Offer target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var addsToFamily = target.Family == OfferFamily.Business && sourceOffer?.Family != OfferFamily.Business;
        return addsToFamily ? Math.Min(source.Quantity, Headroom(catalog, snapshot)) : source.Quantity;
    }
}
