using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>
/// What each eligible option would do if it were requested now, before anything is submitted: the plan
/// <see cref="UpgradePlanner"/> makes for it — the same planner, price and date rule an accepted request is carried out
/// with — so the credit, charge and license moves a partner sees are the ones the upgrade then bills and reports.
/// </summary>
public static class UpgradePreview
{
    // Previews are never committed: their plan's keys are derived from this id, and none of them is shown.
    private static readonly OperationId PreviewOperation = new("preview");

    /// <summary>Every option of <paramref name="eligibility"/> with its plan at its own <see cref="UpgradeOption.Quantity"/>
    /// on <paramref name="effectiveDate"/>; refused options have none.</summary>
    public static IReadOnlyList<PreviewedOption> Of(OfferCatalog catalog, CustomerSnapshot snapshot, EligibilityResult eligibility, DateOnly effectiveDate)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(eligibility);
        var source = snapshot.GetSubscription(eligibility.SourceSubscriptionId);
        return eligibility.Options.Select(option => new PreviewedOption(option, PlanOf(catalog, snapshot, source, option, effectiveDate))).ToList();
    }

    private static UpgradePlan? PlanOf(OfferCatalog catalog, CustomerSnapshot snapshot, Subscription source, UpgradeOption option, DateOnly effectiveDate)
    {
        if (!option.IsEligible)
        {
            return null;
        }

        // Eligible means priced (target_offer_not_priced otherwise).
        var price = UpgradePlanner.TargetUnitPrice(catalog, source, option.TargetOffer)!.Value;
        var request = new UpgradeRequest(source.Id, option.TargetOffer, option.UpgradeType, option.Quantity);
        return UpgradePlanner.Plan(catalog, snapshot, request, price, PreviewOperation, effectiveDate).Plan;
    }
}

/// <summary>An upgrade option and, when it is eligible, the plan requesting it would carry out.</summary>
public sealed record PreviewedOption(UpgradeOption Option, UpgradePlan? Plan);
