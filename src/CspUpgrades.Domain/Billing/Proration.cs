using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Billing;

/// <summary>
/// Daily proration, the formula of DESIGN §1:
/// <c>unit price for the period ÷ days in the period × days remaining × licenses</c>.
/// <para>
/// Rounding rule: the product is computed exactly on minor units (integers, no floating point, no
/// intermediate rounding) and rounded once per line to a whole minor unit, half away from zero
/// (<see cref="MidpointRounding.AwayFromZero"/>). Totals are sums of rounded lines, never rounded again,
/// so lines always add up to the total. Example: 4.00 USD × 1 license × 30 ÷ 31 = 3.870967… → 3.87 USD.
/// </para>
/// <para>
/// Days remaining = period End − change date (see <see cref="BillingPeriod"/>): a change on the first day
/// of a period credits or charges it in full, a change on its end date nothing. A change dated before the term
/// starts is billed as one dated on its first day: the whole first period is charged (for added or moved seats) and,
/// for an upgrade, the source's whole first period is credited — nothing of it has been used.
/// </para>
/// <para>
/// Overflow: every accepted input is bounded (<see cref="BillingLimits"/>), so an amount is at most
/// <see cref="BillingLimits.MaxUnitPriceMajor"/> × 10^3 × <see cref="BillingLimits.MaxQuantity"/> = 10^15 minor units,
/// far inside a <see cref="long"/>. The arithmetic is exact (<see cref="Int128"/>) and the conversion back is checked anyway.
/// </para>
/// </summary>
public static class Proration
{
    /// <summary>The prorated amount, never negative: unit price × quantity × daysRemaining ÷ daysInPeriod.</summary>
    public static Money Prorate(Money unitPrice, int quantity, int daysRemaining, int daysInPeriod)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice.MinorUnits, nameof(unitPrice));
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(daysInPeriod);
        ArgumentOutOfRangeException.ThrowIfNegative(daysRemaining);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(daysRemaining, daysInPeriod);

        var exact = (Int128)unitPrice.MinorUnits * quantity * daysRemaining;
        return new Money(DivideRoundingHalfAwayFromZero(exact, daysInPeriod), unitPrice.Currency);
    }

    /// <summary>The credit for the unused rest of the period after <paramref name="changeDate"/>; its amount is ≤ 0.</summary>
    public static BillingLine Credit(OperationId operationId, SubscriptionId subscriptionId, OfferId offerId, Money unitPrice, int quantity, BillingPeriod period, DateOnly changeDate) =>
        Line(BillingLineKind.Credit, operationId, subscriptionId, offerId, unitPrice, quantity, period, changeDate);

    /// <summary>The charge for the rest of the period from <paramref name="changeDate"/>; its amount is ≥ 0.</summary>
    public static BillingLine Charge(OperationId operationId, SubscriptionId subscriptionId, OfferId offerId, Money unitPrice, int quantity, BillingPeriod period, DateOnly changeDate) =>
        Line(BillingLineKind.Charge, operationId, subscriptionId, offerId, unitPrice, quantity, period, changeDate);

    private static BillingLine Line(BillingLineKind kind, OperationId operationId, SubscriptionId subscriptionId, OfferId offerId, Money unitPrice, int quantity, BillingPeriod period, DateOnly changeDate)
    {
        var daysRemaining = period.DaysRemainingFrom(changeDate);
        var amount = Prorate(unitPrice, quantity, daysRemaining, period.Days);
        return new BillingLine
        {
            LineId = BillingLineId.For(operationId, kind),
            Kind = kind,
            SubscriptionId = subscriptionId,
            OfferId = offerId,
            Quantity = quantity,
            Period = period,
            ChangeDate = changeDate,
            DaysRemaining = daysRemaining,
            DaysInPeriod = period.Days,
            UnitPrice = unitPrice,
            Amount = kind == BillingLineKind.Credit ? -amount : amount,
        };
    }

    private static long DivideRoundingHalfAwayFromZero(Int128 numerator, int denominator)
    {
        var quotient = Int128.DivRem(numerator, denominator);
        var result = quotient.Quotient;
        if (Int128.Abs(quotient.Remainder) * 2 >= denominator)
        {
            result += Int128.Sign(numerator);
        }

        return checked((long)result);
    }
}
