using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Functions.Http;

namespace CspUpgrades.Functions.RequestUpgrade;

/// <summary>
/// POST body: <c>targetOffer</c> (offer id, display name or alias), <c>upgradeType</c>
/// (<c>upgrade_only</c> | <c>upgrade_with_license_transfer</c>), optional <c>quantity</c> (a partial
/// upgrade; all seats when omitted).
/// </summary>
public sealed record RequestUpgradeBody(string? TargetOffer, [property: DocumentedAs(typeof(UpgradeType))] string? UpgradeType, int? Quantity);
