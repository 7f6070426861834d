using System.Diagnostics.CodeAnalysis;
using CspUpgrades.Domain.Eligibility;

namespace CspUpgrades.Domain.Planning;

/// <summary>Either a plan, or every reason the upgrade is refused: an expected outcome, not an exception.</summary>
public sealed record UpgradePlanResult
{
    public required UpgradeRequest Request { get; init; }

    public UpgradePlan? Plan { get; init; }

    public IReadOnlyList<UpgradeError> UpgradeErrors { get; init; } = [];

    [MemberNotNullWhen(true, nameof(Plan))]
    public bool IsPlanned => Plan is not null;

    public UpgradeResult ToUpgradeResult() => new(
        Request.SourceSubscriptionId,
        Plan?.Target.Id,
        Request.UpgradeType,
        UpgradeErrors,
        Plan?.Licenses.LicenseErrors ?? []);
}
