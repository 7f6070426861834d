using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Billing;

/// <summary>The accepted unit prices: from zero up to one million major units, in each currency's own minor units.</summary>
public class BillingLimitsTests
{
    [Theory]
    [InlineData("JPY", 1_000_000L)]
    [InlineData("USD", 100_000_000L)]
    [InlineData("BHD", 1_000_000_000L)]
    public void TheMaximumUnitPriceIsAMillionMajorUnitsInEachCurrency(string currency, long maxMinor)
    {
        Assert.Equal(maxMinor, BillingLimits.MaxUnitPriceMinor(new CurrencyCode(currency)));
    }

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(0L, true)]
    [InlineData(1L, true)]
    [InlineData(100_000_000L, true)]
    [InlineData(100_000_001L, false)]
    public void AcceptsAUnitPriceFromZeroToTheMaximum(long minorUnits, bool accepted)
    {
        Assert.Equal(accepted, BillingLimits.IsAcceptedUnitPrice(new Money(minorUnits, CurrencyCode.Usd)));
    }
}
