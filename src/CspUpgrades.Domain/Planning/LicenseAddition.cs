using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>
/// Adding seats to an active subscription of this partner: a prorated charge for the rest of the
/// current period (the whole first period when the term has not started yet), the Business-family seat cap, and
/// <see cref="BillingLimits.MaxQuantity"/> seats per subscription at most.
/// </summary>
public static class LicenseAddition
{
    /// <exception cref="ArgumentException">The snapshot has no such subscription.</exception>
    public static AddLicensesResult Plan(OfferCatalog catalog, CustomerSnapshot snapshot, SubscriptionId subscriptionId, int additionalQuantity, OperationId operationId, DateOnly effectiveDate)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(snapshot);
        var subscription = snapshot.GetSubscription(subscriptionId);
        var errors = Errors(catalog, snapshot, subscription, additionalQuantity).ToList();
        if (errors.Count > 0)
        {
            return new AddLicensesResult(subscriptionId, null, errors);
        }

        var period = subscription.BillingPeriodContaining(effectiveDate);
        var charge = Proration.Charge(operationId, subscription.Id, subscription.OfferId, subscription.UnitPrice, additionalQuantity, period, effectiveDate);
        // Stryker disable once Checked : equivalent — Errors refused any quantity that would take the subscription past BillingLimits.MaxQuantity, so the sum cannot overflow here; checked stays as a second guard
        var after = subscription with { Quantity = checked(subscription.Quantity + additionalQuantity) };
        return new AddLicensesResult(subscriptionId, new AddLicensesPlan(operationId, after, additionalQuantity, charge), []);
    }

    private static IEnumerable<UpgradeError> Errors(OfferCatalog catalog, CustomerSnapshot snapshot, Subscription subscription, int additionalQuantity)
    {
        if (subscription.Channel.Kind != ChannelKind.ThisPartner)
        {
            yield return EligibilityErrors.NotManagedByPartner(subscription);
        }

        if (EligibilityErrors.Status(subscription) is { } statusError)
        {
            yield return statusError;
        }

        if (additionalQuantity < 1)
        {
            yield return EligibilityErrors.QuantityNotPositive(additionalQuantity);
        }
        else if (additionalQuantity > BillingLimits.MaxQuantity - subscription.Quantity)
        {
            yield return EligibilityErrors.QuantityOverLimit(subscription.Quantity, additionalQuantity);
        }
        else if (catalog.Find(subscription.OfferId)?.Family == OfferFamily.Business
                 && additionalQuantity > BusinessSeatCap.Headroom(catalog, snapshot))
        {
            yield return EligibilityErrors.SeatLimit(BusinessSeatCap.SeatsInFamily(catalog, snapshot), additionalQuantity);
        }
    }
}
