using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>What a partner asks for: move <see cref="Quantity"/> seats (null: all) of a subscription to a target offer.</summary>
public sealed record UpgradeRequest(SubscriptionId SourceSubscriptionId, OfferId TargetOfferId, UpgradeType UpgradeType, int? Quantity = null);
