using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Customers;

namespace CspUpgrades.Functions.CheckUpgradeEligibility;

/// <summary>
/// Every upgrade option of one subscription, from one storage request: the same evaluation a request meets
/// (<see cref="UpgradeOutlooks"/>, including the claim of an operation that holds the subscription right now), each eligible
/// option previewed for today or for <c>asOf</c>, a day of the subscription's current billing period.
/// </summary>
public class CheckUpgradeEligibilityHandler(CustomerStore customers, UpgradeOutlooks outlooks)
{
    public async Task<EligibilityOutcome> HandleAsync(
        PartnerId partner, CustomerId customer, SubscriptionId subscription, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var record = await customers.LoadAsync(partner, customer, cancellationToken: cancellationToken);
        var source = record?.Snapshot.FindSubscription(subscription);
        CspUpgradesTelemetry.RecordEligibilityCheck(source is not null);
        if (source is null)
        {
            return new EligibilityOutcome.NotFound();
        }

        var today = outlooks.Today;
        var period = source.BillingPeriodContaining(today);
        if (asOf is { } date && date != today && !period.Contains(date))
        {
            return new EligibilityOutcome.AsOfOutsidePeriod(period);
        }

        return new EligibilityOutcome.Found(outlooks.For(record!, subscription, asOf));
    }
}
