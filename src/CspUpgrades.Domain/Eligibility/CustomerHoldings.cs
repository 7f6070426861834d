using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Eligibility;

/// <summary>What else the customer holds that stands in an upgrade's way; shared by eligibility and the audit.</summary>
internal static class CustomerHoldings
{
    /// <summary>Condition 4: held subscriptions of <paramref name="offer"/> other than the source, through any channel.</summary>
    public static IEnumerable<Subscription> CopiesOf(CustomerSnapshot snapshot, Subscription source, OfferId offer) =>
        snapshot.Subscriptions.Where(s => s.IsHeld && s.Id != source.Id && s.OfferId == offer);

    /// <summary>
    /// Condition 3: held subscriptions (not the source, not copies of the target, which condition 4 reports)
    /// whose offer already includes a service the target adds over the source. Offers unknown to the
    /// catalog have no known services and never conflict.
    /// </summary>
    public static IEnumerable<ServiceConflict> Conflicts(OfferCatalog catalog, CustomerSnapshot snapshot, Subscription source, Offer sourceOffer, Offer target)
    {
        var added = target.Services.Where(service => !sourceOffer.Includes(service)).ToList();
        foreach (var other in snapshot.Subscriptions.Where(s => s.IsHeld && s.Id != source.Id && s.OfferId != target.Id))
        {
            var offer = catalog.Find(other.OfferId);
            var overlap = offer is null ? [] : added.Where(offer.Includes).ToList();
            if (overlap.Count > 0)
            {
                yield return new ServiceConflict(other, offer!, overlap);
            }
        }
    }
}
