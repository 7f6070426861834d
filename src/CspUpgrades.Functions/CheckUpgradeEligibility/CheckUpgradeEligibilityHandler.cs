using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Storage.Customers;

namespace CspUpgrades.Functions.CheckUpgradeEligibility;

/// <summary>
/// Every upgrade option of one subscription, from one storage request: the same evaluation a request meets
/// (<see cref="UpgradeEligibility"/>), including the claim of an operation that holds the subscription right now.
/// </summary>
public class CheckUpgradeEligibilityHandler(CustomerStore customers, OfferCatalog catalog, TimeProvider time)
{
    /// <returns>Null when this partner has no such customer or subscription.</returns>
    public async Task<EligibilityResult?> HandleAsync(PartnerId partner, CustomerId customer, SubscriptionId subscription, CancellationToken cancellationToken)
    {
        var record = await customers.LoadAsync(partner, customer, cancellationToken: cancellationToken);
        var found = record?.Snapshot.FindSubscription(subscription) is not null;
        CspUpgradesTelemetry.RecordEligibilityCheck(found);
        return found ? UpgradeEligibility.Evaluate(catalog, record!.Snapshot, subscription, record.HeldBy(subscription, time.GetUtcNow())) : null;
    }
}
