using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Eligibility;

/// <summary>
/// Can this subscription be upgraded, to what, and if not, why? DESIGN §1's four conditions plus the
/// upgrade paths, the India rule, the seat cap, the quantity, a list price for the target in the subscription's
/// currency, and no other operation holding the subscription. Every reason is reported, not just the first.
/// This is the one evaluation: the eligibility list, a request and its execution all ask it, so whatever a request
/// can be refused for, the list has already said, with the same code.
/// Pure: the answer depends only on the catalog, the snapshot and the hold passed in.
/// </summary>
public static class UpgradeEligibility
{
    private static readonly UpgradeType[] UpgradeTypes = [UpgradeType.UpgradeOnly, UpgradeType.UpgradeWithLicenseTransfer];

    /// <summary>
    /// Every target of the subscription's offer, each with both upgrade types. An option is eligible when
    /// at least one seat can move; its <see cref="UpgradeOption.Quantity"/> says how many at most.
    /// </summary>
    /// <param name="heldBy">The operation that holds the subscription right now (its claim), if another one does.</param>
    /// <exception cref="ArgumentException">The snapshot has no such subscription.</exception>
    public static EligibilityResult Evaluate(OfferCatalog catalog, CustomerSnapshot snapshot, SubscriptionId subscriptionId, OperationId? heldBy = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(snapshot);
        var source = snapshot.GetSubscription(subscriptionId);
        var sourceOffer = catalog.Find(source.OfferId);
        if (sourceOffer is null || sourceOffer.UpgradeTargets.Count == 0)
        {
            return new EligibilityResult
            {
                SourceSubscriptionId = source.Id,
                SourceOffer = source.OfferId,
                Options = [],
                UpgradeErrors = [EligibilityErrors.NoUpgradePaths(source, sourceOffer)],
            };
        }

        var options = catalog.TargetsOf(sourceOffer)
            .SelectMany(target => UpgradeTypes.Select(type => Option(catalog, snapshot, source, sourceOffer, target.Id, target, type, requested: null, heldBy)))
            .ToList();
        return new EligibilityResult { SourceSubscriptionId = source.Id, SourceOffer = source.OfferId, Options = options };
    }

    /// <summary>
    /// One specific target and type, as a partner requests it: also explains targets that are not upgrade
    /// paths at all (unknown offer, no path, other region).
    /// </summary>
    /// <param name="quantity">Seats to move; null moves all of them.</param>
    /// <param name="heldBy">The operation that holds the subscription right now (its claim), if another one does.</param>
    /// <exception cref="ArgumentException">The snapshot has no such subscription.</exception>
    public static UpgradeOption EvaluateTarget(
        OfferCatalog catalog, CustomerSnapshot snapshot, SubscriptionId subscriptionId, OfferId targetOfferId, UpgradeType upgradeType, int? quantity = null, OperationId? heldBy = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(snapshot);
        var source = snapshot.GetSubscription(subscriptionId);
        var sourceOffer = catalog.Find(source.OfferId);
        var target = catalog.Find(targetOfferId);
        return Option(catalog, snapshot, source, sourceOffer, targetOfferId, target, upgradeType, quantity ?? source.Quantity, heldBy);
    }

    // requested: null = "any number up to the maximum" (listing), otherwise the seats the partner asked to move.
    private static UpgradeOption Option(
        OfferCatalog catalog, CustomerSnapshot snapshot, Subscription source, Offer? sourceOffer, OfferId targetId, Offer? target, UpgradeType type, int? requested, OperationId? heldBy)
    {
        var errors = SourceErrors(snapshot, source).ToList();
        if (heldBy is { } operation)
        {
            errors.Add(EligibilityErrors.ChangeInProgress(operation));
        }

        var maxQuantity = 0;
        if (target is null)
        {
            errors.Add(EligibilityErrors.TargetNotFound(targetId));
        }
        else
        {
            var pathErrors = PathErrors(source, sourceOffer, target).ToList();
            errors.AddRange(pathErrors);
            errors.AddRange(DelegatedAdminServiceErrors(snapshot, target));
            errors.AddRange(CustomerHoldings.CopiesOf(snapshot, source, target.Id).Select(EligibilityErrors.AlreadyOwned));
            if (type == UpgradeType.UpgradeWithLicenseTransfer && sourceOffer is not null)
            {
                errors.AddRange(CustomerHoldings.Conflicts(catalog, snapshot, source, sourceOffer, target).Select(EligibilityErrors.Conflict));
            }

            maxQuantity = BusinessSeatCap.MaxSeatsMovable(catalog, snapshot, source, sourceOffer, target);
            errors.AddRange(QuantityErrors(catalog, snapshot, source, maxQuantity, requested));

            // The target's price is fixed from the catalog when a request is accepted: without one there is nothing to bill.
            // Said only of a genuine upgrade path (a target that is not one is refused for that, whatever it costs).
            if (pathErrors.Count == 0 && target.UnitPriceFor(source.UnitPrice.Currency, source.BillingCycle) is null)
            {
                errors.Add(EligibilityErrors.TargetNotPriced(target, source));
            }
        }

        return new UpgradeOption
        {
            TargetOffer = targetId,
            TargetOfferName = target?.DisplayName ?? targetId.Value,
            UpgradeType = type,
            Quantity = maxQuantity,
            UpgradeErrors = errors,
        };
    }

    private static IEnumerable<UpgradeError> SourceErrors(CustomerSnapshot snapshot, Subscription source)
    {
        if (source.Channel.Kind != ChannelKind.ThisPartner)
        {
            yield return EligibilityErrors.NotManagedByPartner(source);
        }

        if (EligibilityErrors.Status(source) is { } statusError)
        {
            yield return statusError;
        }

        if (source.AddOnIds.Count > 0)
        {
            yield return EligibilityErrors.AddOnsPresent(source);
        }

        if (!snapshot.DelegatedAdmin.IsGranted)
        {
            yield return EligibilityErrors.NoDelegatedAdmin(snapshot);
        }
    }

    private static IEnumerable<UpgradeError> PathErrors(Subscription source, Offer? sourceOffer, Offer target)
    {
        if (sourceOffer is null || sourceOffer.UpgradeTargets.Count == 0)
        {
            yield return EligibilityErrors.NoUpgradePaths(source, sourceOffer);
        }
        else if (UpgradePathRules.CrossesRegion(sourceOffer, target))
        {
            // Checked even though the catalog refuses such paths: a caller may name any target.
            yield return EligibilityErrors.RegionMismatchFor(sourceOffer, target);
        }
        else if (!sourceOffer.UpgradeTargets.Contains(target.Id))
        {
            yield return EligibilityErrors.PathNotSupported(sourceOffer, target);
        }
    }

    // A customer-wide absence of delegated admin is a source error; here, the target's services it lacks.
    private static IEnumerable<UpgradeError> DelegatedAdminServiceErrors(CustomerSnapshot snapshot, Offer target)
    {
        var missing = target.Services.Where(service => !snapshot.DelegatedAdmin.Covers(service)).ToList();
        return !snapshot.DelegatedAdmin.IsGranted || missing.Count == 0 ? [] : [EligibilityErrors.DelegatedAdminMissing(missing)];
    }

    private static IEnumerable<UpgradeError> QuantityErrors(OfferCatalog catalog, CustomerSnapshot snapshot, Subscription source, int maxQuantity, int? requested)
    {
        if (requested is { } asked && (asked < 1 || asked > source.Quantity))
        {
            return [EligibilityErrors.QuantityOutOfRange(asked, source.Quantity)];
        }

        if (source.Quantity < 1)
        {
            // Stryker disable once NullCoalescing : equivalent — requested is always null here: any requested quantity was refused above, as none lies between 1 and a quantity below 1
            return [EligibilityErrors.QuantityOutOfRange(requested ?? 0, source.Quantity)];
        }

        var wanted = requested ?? 1;
        return wanted > maxQuantity
            ? [EligibilityErrors.SeatLimit(BusinessSeatCap.SeatsInFamily(catalog, snapshot), wanted)]
            : [];
    }
}
