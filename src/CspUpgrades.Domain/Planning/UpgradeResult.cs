using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>The outcome of an upgrade in Partner Center's vocabulary (DESIGN §2).</summary>
public sealed record UpgradeResult(
    SubscriptionId SourceSubscriptionId,
    SubscriptionId? TargetSubscriptionId,
    UpgradeType UpgradeType,
    IReadOnlyList<UpgradeError> UpgradeErrors,
    IReadOnlyList<LicenseError> LicenseErrors);
