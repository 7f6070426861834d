using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>
/// Turns an eligible upgrade request into an <see cref="UpgradePlan"/>. Eligibility is checked again
/// here, on the snapshot the plan is made from, because the world may have changed since the request.
/// </summary>
public static class UpgradePlanner
{
    /// <summary>
    /// The target's list price for the source's currency and billing cycle: what an accepted request fixes and bills, and
    /// what a preview shows. Null when the catalog has none (eligibility then says <c>target_offer_not_priced</c>).
    /// </summary>
    public static Money? TargetUnitPrice(OfferCatalog catalog, Subscription source, OfferId target)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(source);
        return catalog.Find(target)?.UnitPriceFor(source.UnitPrice.Currency, source.BillingCycle);
    }

    /// <param name="targetUnitPrice">Price of one target license per billing period, in the source's currency
    /// (from the partner's price list; fixed when the request was accepted so a replay bills the same).</param>
    /// <param name="effectiveDate">Day the upgrade takes effect; any date (before the source's term starts, the whole first period is credited and charged).</param>
    /// <exception cref="CurrencyMismatchException">The target price is not in the source's currency.</exception>
    /// <exception cref="ArgumentException">The snapshot has no such subscription.</exception>
    public static UpgradePlanResult Plan(OfferCatalog catalog, CustomerSnapshot snapshot, UpgradeRequest request, Money targetUnitPrice, OperationId operationId, DateOnly effectiveDate)
    {
        // Stryker disable once Statement : equivalent — UpgradeEligibility.EvaluateTarget, called first, refuses a null catalog with the same exception
        ArgumentNullException.ThrowIfNull(catalog);
        // Stryker disable once Statement : equivalent — UpgradeEligibility.EvaluateTarget, called first, refuses a null snapshot with the same exception
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        // The target's price was fixed when the request was accepted and comes in here, so a catalog that has lost
        // the list price since does not undo an accepted upgrade; every other reason still refuses it.
        var errors = UpgradeEligibility.EvaluateTarget(catalog, snapshot, request.SourceSubscriptionId, request.TargetOfferId, request.UpgradeType, request.Quantity)
            .UpgradeErrors.Where(error => error.Code != UpgradeErrorCodes.TargetOfferNotPriced).ToList();
        if (errors.Count > 0)
        {
            return new UpgradePlanResult { Request = request, UpgradeErrors = errors };
        }

        var source = snapshot.GetSubscription(request.SourceSubscriptionId);
        // Stryker disable once Block,Statement : equivalent — without the throw, Money.Sum of the credit and the charge throws the same CurrencyMismatchException; this only says it before any line is made
        if (targetUnitPrice.Currency != source.UnitPrice.Currency)
        {
            throw new CurrencyMismatchException(source.UnitPrice.Currency, targetUnitPrice.Currency);
        }

        var target = catalog.Find(request.TargetOfferId)!;
        var quantity = request.Quantity ?? source.Quantity;
        var closesSource = quantity == source.Quantity;
        var licenses = LicenseTransferPlanner.Plan(source, target, request.UpgradeType, quantity);
        var period = source.BillingPeriodContaining(effectiveDate);

        // The target continues the source's term and billing cycle, so its periods line up with the source's
        // and the charge covers exactly the part of the current period the credit gives back.
        var targetSubscription = new Subscription
        {
            Id = SubscriptionId.ForUpgradeTarget(operationId),
            OfferId = target.Id,
            Status = SubscriptionStatus.Active,
            Quantity = quantity,
            Channel = SalesChannel.ThisPartner,
            BillingCycle = source.BillingCycle,
            TermStart = source.TermStart,
            TermEnd = source.TermEnd,
            UnitPrice = targetUnitPrice,
            AssignedUsers = licenses.MovedAutomatically,
        };
        var sourceAfter = source with
        {
            Status = closesSource ? SubscriptionStatus.Cancelled : source.Status,
            Quantity = closesSource ? source.Quantity : source.Quantity - quantity,
            AssignedUsers = licenses.RemainingOnSource,
        };
        BillingLine[] lines =
        [
            Proration.Credit(operationId, source.Id, source.OfferId, source.UnitPrice, quantity, period, effectiveDate),
            Proration.Charge(operationId, targetSubscription.Id, target.Id, targetUnitPrice, quantity, period, effectiveDate),
        ];

        return new UpgradePlanResult
        {
            Request = request,
            Plan = new UpgradePlan
            {
                OperationId = operationId,
                UpgradeType = request.UpgradeType,
                EffectiveDate = effectiveDate,
                Quantity = quantity,
                SourceChange = closesSource ? SourceChange.Closed : SourceChange.Reduced,
                Source = sourceAfter,
                Target = targetSubscription,
                Licenses = licenses,
                BillingLines = lines,
                NetAmount = Money.Sum(lines.Select(line => line.Amount), source.UnitPrice.Currency),
            },
        };
    }
}
