using CspUpgrades.Domain.Eligibility;

namespace CspUpgrades.Functions.CheckUpgradeEligibility;

/// <summary>Every target of the subscription's offer, each with both upgrade types, in Partner Center's vocabulary.</summary>
public sealed record EligibilityResponse(
    string SourceSubscriptionId,
    string SourceOffer,
    IReadOnlyList<UpgradeOptionResponse> Items,
    IReadOnlyList<UpgradeError> UpgradeErrors)
{
    public static EligibilityResponse From(EligibilityResult result) => new(
        result.SourceSubscriptionId.Value,
        result.SourceOffer.Value,
        result.Options.Select(UpgradeOptionResponse.From).ToList(),
        result.UpgradeErrors);
}

public sealed record UpgradeOptionResponse(
    TargetOfferResponse TargetOffer,
    UpgradeType UpgradeType,
    bool IsEligible,
    int Quantity,
    IReadOnlyList<UpgradeError> UpgradeErrors)
{
    public static UpgradeOptionResponse From(UpgradeOption option) => new(
        new TargetOfferResponse(option.TargetOffer.Value, option.TargetOfferName),
        option.UpgradeType,
        option.IsEligible,
        option.Quantity,
        option.UpgradeErrors);
}

public sealed record TargetOfferResponse(string Id, string Name);
