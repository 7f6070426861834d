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

    /// <summary>At least one option is eligible now: the subscription list's information icon after its name.</summary>
    public bool IsAvailable => Options.Any(option => option.IsEligible);

    /// <summary>The offer has upgrade targets, but none can be had now (the list says why: <see cref="ReasonsNoneIsAvailable"/>).
    /// An offer without targets is neither available nor blocked.</summary>
    public bool IsBlocked => Options.Count > 0 && !IsAvailable;

    /// <summary>Every reason no upgrade is available, each once, in the order the evaluation gives them; empty when one is.</summary>
    public IReadOnlyList<UpgradeError> ReasonsNoneIsAvailable =>
        IsAvailable ? [] : UpgradeErrors.Concat(Options.SelectMany(option => option.UpgradeErrors)).Distinct().ToList();
}
