using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Billing;

/// <summary>Daily proration with known answers: unit price ÷ days in period × days remaining × licenses, rounded once, half away from zero.</summary>
public class ProrationGoldenTests
{
    private static readonly OperationId Operation = new("op-1");
    private static readonly SubscriptionId Subscription = new("sub-1");
    private static readonly BillingPeriod January = new(new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1));

    private static BillingLine Credit(string unitPrice, int quantity, DateOnly changeDate, BillingPeriod? period = null) =>
        Proration.Credit(Operation, Subscription, Id(Business), Money.Parse(unitPrice), quantity, period ?? January, changeDate);

    [Theory]
    [InlineData("4.00 USD", 1, 30, 31, "3.87 USD")]        // the golden case: 3.870967…
    [InlineData("1000 JPY", 1, 30, 31, "968 JPY")]         // 967.74… in a currency without minor units
    [InlineData("4.000 BHD", 1, 30, 31, "3.871 BHD")]      // 3.870967… with three decimals
    [InlineData("12.50 EUR", 3, 15, 30, "18.75 EUR")]      // exact
    [InlineData("0.01 USD", 1, 1, 2, "0.01 USD")]          // half a cent rounds away from zero
    [InlineData("0.05 USD", 1, 1, 2, "0.03 USD")]          // 2.5 cents → 3 (banker's rounding would say 2)
    [InlineData("99.00 USD", 300, 1, 365, "81.37 USD")]    // 29700 × 1/365 = 81.369…
    public void ProratesExactlyAndRoundsOnceHalfAwayFromZero(string unitPrice, int quantity, int daysRemaining, int daysInPeriod, string expected)
    {
        Assert.Equal(Money.Parse(expected), Proration.Prorate(Money.Parse(unitPrice), quantity, daysRemaining, daysInPeriod));
    }

    [Fact]
    public void AChangeOnTheFirstDayOfThePeriodCreditsItInFull()
    {
        var credit = Credit("4.00 USD", 3, January.Start);

        Assert.Equal(Money.Parse("-12.00 USD"), credit.Amount);
        Assert.Equal((31, 31), (credit.DaysRemaining, credit.DaysInPeriod));
    }

    [Fact]
    public void AChangeOnThePeriodsEndDateCreditsNothing()
    {
        var credit = Credit("4.00 USD", 3, January.End);

        Assert.Equal(Money.Parse("0.00 USD"), credit.Amount);
        Assert.Equal(0, credit.DaysRemaining);
    }

    [Fact]
    public void AChangeTheDayBeforeTheEndDateCreditsOneDay()
    {
        Assert.Equal(Money.Parse("-0.13 USD"), Credit("4.00 USD", 1, new DateOnly(2024, 1, 31)).Amount);
    }

    [Fact]
    public void AChangeBeforeThePeriodCreditsAllOfItAndOneAfterItNothing()
    {
        // Before the term starts nothing of the period has been used (the term has not begun); after its end, all of it has.
        Assert.Equal((Money.Parse("-4.00 USD"), 31), (Credit("4.00 USD", 1, new DateOnly(2023, 12, 31)).Amount, Credit("4.00 USD", 1, new DateOnly(2023, 12, 31)).DaysRemaining));
        Assert.Equal((Money.Parse("0.00 USD"), 0), (Credit("4.00 USD", 1, new DateOnly(2024, 2, 2)).Amount, Credit("4.00 USD", 1, new DateOnly(2024, 2, 2)).DaysRemaining));
    }

    [Fact]
    public void AnUpgradeOnTheFirstDayOfAPeriodCreditsThatPeriodInFull()
    {
        // The period's end date is also the next period's first day: the plan credits the new period in full.
        var source = A.Subscription(Business).PricedAt("8.25 USD").WithQuantity(2).Build();
        var plan = UpgradePlanner.Plan(DefaultCatalog, A.Customer().With(source), new UpgradeRequest(source.Id, Id(E3), UpgradeType.UpgradeOnly), Money.Parse("20.00 USD"), Operation, new DateOnly(2024, 2, 1)).Plan!;

        Assert.Equal([Money.Parse("-16.50 USD"), Money.Parse("40.00 USD")], plan.BillingLines.Select(line => line.Amount));
        Assert.Equal(new DateOnly(2024, 3, 1), plan.BillingLines[0].Period.End);
    }

    [Fact]
    public void MovingToAnOfferAtTheSamePriceNetsToZero()
    {
        var source = A.Subscription(BusinessEssentials).PricedAt("6.00 USD").WithQuantity(7).Build();

        var plan = UpgradePlanner.Plan(DefaultCatalog, A.Customer().With(source), new UpgradeRequest(source.Id, Id(E1), UpgradeType.UpgradeWithLicenseTransfer), Money.Parse("6.00 USD"), Operation, new DateOnly(2024, 1, 17)).Plan!;

        Assert.Equal(Money.Parse("0.00 USD"), plan.NetAmount);
        Assert.Equal(-plan.BillingLines[0].Amount, plan.BillingLines[1].Amount);
        Assert.NotEqual(0, plan.BillingLines[1].Amount.MinorUnits);
    }

    [Fact]
    public void AnnualSubscriptionsProrateOverTheYear()
    {
        // Term from 2024-03-01: the period to 2025-03-01 has 365 days; 100 of them remain from 2024-11-21.
        var subscription = A.Subscription(E3).Annual().TermStarting(new DateOnly(2024, 3, 1)).PricedAt("240.00 USD").Build();

        var result = LicenseAddition.Plan(DefaultCatalog, A.Customer().With(subscription), subscription.Id, 2, Operation, new DateOnly(2024, 11, 21));

        Assert.Equal((100, 365), (result.Plan!.Charge.DaysRemaining, result.Plan.Charge.DaysInPeriod));
        Assert.Equal(Money.Parse("131.51 USD"), result.Plan.Charge.Amount);  // 480.00 × 100/365 = 131.506…
    }
}
