using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Functions.Upgrades;

namespace CspUpgrades.Functions.CheckUpgradeEligibility;

/// <summary>Every target of the subscription's offer, each with both upgrade types, in Partner Center's vocabulary; each
/// eligible one with its preview priced for <c>effectiveDate</c>.</summary>
public sealed record EligibilityResponse(
    string SourceSubscriptionId,
    string SourceOffer,
    DateOnly EffectiveDate,
    IReadOnlyList<UpgradeOptionResponse> Items,
    IReadOnlyList<UpgradeError> UpgradeErrors)
{
    public static EligibilityResponse From(UpgradeOutlook outlook)
    {
        ArgumentNullException.ThrowIfNull(outlook);
        return new(
            outlook.Eligibility.SourceSubscriptionId.Value,
            outlook.Eligibility.SourceOffer.Value,
            outlook.EffectiveDate,
            outlook.Options.Select(UpgradeOptionResponse.From).ToList(),
            outlook.Eligibility.UpgradeErrors);
    }
}
