using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Billing;

/// <summary>Proration's inputs at and just past their bounds: what it prorates, and what it refuses rather than bill wrong.</summary>
public class ProrationGuardTests
{
    private static readonly Money FourDollars = Money.Parse("4.00 USD");

    [Theory]
    [InlineData(-1, 1, 1, 31, "unitPrice")]
    [InlineData(400, -1, 1, 31, "quantity")]
    [InlineData(400, 1, -1, 31, "daysRemaining")]
    [InlineData(400, 1, 32, 31, "daysRemaining")]
    [InlineData(400, 1, 0, 0, "daysInPeriod")]
    [InlineData(400, 1, 0, -1, "daysInPeriod")]
    public void RefusesAnInputOutsideItsRangeNamingIt(long unitMinor, int quantity, int daysRemaining, int daysInPeriod, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Proration.Prorate(new Money(unitMinor, CurrencyCode.Usd), quantity, daysRemaining, daysInPeriod));

        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [InlineData(0, 1, 31, 31, 0)]      // a free offer
    [InlineData(400, 0, 31, 31, 0)]    // no seats
    [InlineData(400, 1, 0, 31, 0)]     // nothing left of the period
    [InlineData(400, 1, 31, 31, 400)]  // all of it
    [InlineData(400, 1, 1, 1, 400)]    // a one-day period
    public void ProratesEveryInputAtItsBound(long unitMinor, int quantity, int daysRemaining, int daysInPeriod, long expectedMinor)
    {
        Assert.Equal(new Money(expectedMinor, CurrencyCode.Usd), Proration.Prorate(new Money(unitMinor, CurrencyCode.Usd), quantity, daysRemaining, daysInPeriod));
    }

    [Theory]
    [InlineData(1, 3, 0)]   // a third of a cent rounds down
    [InlineData(2, 3, 1)]   // two thirds round up
    [InlineData(1, 2, 1)]   // exactly half rounds away from zero
    [InlineData(3, 2, 2)]   // one and a half too
    [InlineData(5, 4, 1)]   // one and a quarter down
    public void RoundsToTheNearestMinorUnitHalfAwayFromZero(long unitMinor, int daysInPeriod, long expectedMinor)
    {
        Assert.Equal(expectedMinor, Proration.Prorate(new Money(unitMinor, CurrencyCode.Usd), 1, 1, daysInPeriod).MinorUnits);
    }

    [Fact]
    public void RefusesAnAmountBeyondALongRatherThanWrapIt()
    {
        Assert.Throws<OverflowException>(() => Proration.Prorate(new Money(long.MaxValue, CurrencyCode.Usd), 2, 1, 1));
    }

    [Fact]
    public void ACreditIsNegativeAndAChargePositiveEachKeyedByItsKind()
    {
        var period = new BillingPeriod(new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1));
        var operation = new OperationId("op-9");
        var subscription = new SubscriptionId("sub-9");
        var offer = new OfferId("o365-business");

        var credit = Proration.Credit(operation, subscription, offer, FourDollars, 2, period, new DateOnly(2024, 1, 2));
        var charge = Proration.Charge(operation, subscription, offer, FourDollars, 2, period, new DateOnly(2024, 1, 2));

        Assert.Equal((BillingLineKind.Credit, "op-9-credit", Money.Parse("-7.74 USD")), (credit.Kind, credit.LineId, credit.Amount));
        Assert.Equal((BillingLineKind.Charge, "op-9-charge", Money.Parse("7.74 USD")), (charge.Kind, charge.LineId, charge.Amount));
        Assert.Equal((subscription, offer, 2, period, new DateOnly(2024, 1, 2), 30, 31, FourDollars),
            (charge.SubscriptionId, charge.OfferId, charge.Quantity, charge.Period, charge.ChangeDate, charge.DaysRemaining, charge.DaysInPeriod, charge.UnitPrice));
    }
}
