using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;

namespace CspUpgrades.Functions.Upgrades;

/// <summary>One target and upgrade type, in Partner Center's vocabulary, with what it would do when it is eligible.</summary>
/// <param name="Quantity">Most seats that may move (the source's quantity unless the seat cap limits it).</param>
/// <param name="Preview">What requesting this option with <c>quantity</c> would bill and move; null when it is not eligible.</param>
public sealed record UpgradeOptionResponse(
    TargetOfferResponse TargetOffer,
    UpgradeType UpgradeType,
    bool IsEligible,
    int Quantity,
    IReadOnlyList<UpgradeError> UpgradeErrors,
    UpgradePreviewResponse? Preview)
{
    public static UpgradeOptionResponse From(PreviewedOption previewed)
    {
        ArgumentNullException.ThrowIfNull(previewed);
        var option = previewed.Option;
        return new(
            new TargetOfferResponse(option.TargetOffer.Value, option.TargetOfferName),
            option.UpgradeType,
            option.IsEligible,
            option.Quantity,
            option.UpgradeErrors,
            previewed.Plan is { } plan ? UpgradePreviewResponse.From(plan) : null);
    }
}

public sealed record TargetOfferResponse(string Id, string Name);
