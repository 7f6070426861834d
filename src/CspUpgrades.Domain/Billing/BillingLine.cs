using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Billing;

/// <summary>
/// One prorated line: <see cref="Amount"/> = <see cref="UnitPrice"/> × <see cref="Quantity"/> ×
/// <see cref="DaysRemaining"/> ÷ <see cref="DaysInPeriod"/>, rounded once (see <see cref="Proration"/>);
/// negative for a credit.
/// </summary>
public sealed record BillingLine
{
    public required string LineId { get; init; }

    public required BillingLineKind Kind { get; init; }

    public required SubscriptionId SubscriptionId { get; init; }

    public required OfferId OfferId { get; init; }

    public required int Quantity { get; init; }

    public required BillingPeriod Period { get; init; }

    public required DateOnly ChangeDate { get; init; }

    public required int DaysRemaining { get; init; }

    public required int DaysInPeriod { get; init; }

    public required Money UnitPrice { get; init; }

    public required Money Amount { get; init; }
}
