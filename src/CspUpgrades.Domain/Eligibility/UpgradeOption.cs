using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Eligibility;

/// <summary>One target and upgrade type for a subscription, with every reason it is refused.</summary>
public sealed record UpgradeOption
{
    public required OfferId TargetOffer { get; init; }

    public required string TargetOfferName { get; init; }

    public required UpgradeType UpgradeType { get; init; }

    /// <summary>Most seats that may move to the target (the source's quantity unless the seat cap limits it).</summary>
    public required int Quantity { get; init; }

    /// <summary>All reasons, not just the first; empty when eligible.</summary>
    public required IReadOnlyList<UpgradeError> UpgradeErrors { get; init; }

    public bool IsEligible => UpgradeErrors.Count == 0;
}
