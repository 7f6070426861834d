using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Audit;

/// <summary>
/// One upgrade (source subscription → target offer) that one suspended subscription blocks, why, and
/// what to do. Flat, so a report can be JSON or one CSV row per finding.
/// </summary>
public sealed record BlockedUpgradeFinding
{
    public required PartnerId PartnerId { get; init; }

    public required CustomerId CustomerId { get; init; }

    public required BlockReason Reason { get; init; }

    /// <summary>The eligibility error this causes (one of <see cref="UpgradeErrorCodes"/>).</summary>
    public required string ErrorCode { get; init; }

    public required SubscriptionId BlockingSubscriptionId { get; init; }

    public required OfferId BlockingOfferId { get; init; }

    public required SubscriptionStatus BlockingStatus { get; init; }

    public required ChannelKind BlockingChannel { get; init; }

    /// <summary>The other partner's name when <see cref="BlockingChannel"/> is another partner.</summary>
    public string? BlockingPartnerName { get; init; }

    public required SubscriptionId SourceSubscriptionId { get; init; }

    public required OfferId SourceOfferId { get; init; }

    public required OfferId TargetOfferId { get; init; }

    /// <summary>Both types, except for conflicting services, which block only license transfer.</summary>
    public required IReadOnlyList<UpgradeType> BlockedUpgradeTypes { get; init; }

    public required string Explanation { get; init; }

    public required string Remedy { get; init; }
}
