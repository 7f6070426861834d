using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Eligibility;

/// <summary>
/// Every target of the source's offer, each with both upgrade types. When the offer has no upgrade
/// paths, <see cref="Options"/> is empty and <see cref="UpgradeErrors"/> says so.
/// </summary>
public sealed record EligibilityResult
{
    public required SubscriptionId SourceSubscriptionId { get; init; }

    public required OfferId SourceOffer { get; init; }

    public required IReadOnlyList<UpgradeOption> Options { get; init; }

    public IReadOnlyList<UpgradeError> UpgradeErrors { get; init; } = [];
}
