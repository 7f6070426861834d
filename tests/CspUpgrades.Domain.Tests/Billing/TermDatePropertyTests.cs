using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using FsCheck;
using FsCheck.Fluent;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Billing;

/// <summary>
/// The domain is total over every date a subscription can carry: a term that started long ago, today, or has not
/// started yet (bought for next month; a customer east of UTC), monthly or annual. Adding licenses and planning an
/// upgrade never throw, and a change before the term starts bills the whole first period.
/// </summary>
public class TermDatePropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1_000);
    private static readonly OperationId Operation = new("op-term");

    /// <summary>A change on <see cref="ChangeDate"/> to a subscription whose term starts <see cref="TermOffset"/> days from it.</summary>
    private sealed record Case(BillingCycle Cycle, DateOnly ChangeDate, int TermOffset, long UnitMinor, int Quantity)
    {
        public DateOnly TermStart => ChangeDate.AddDays(TermOffset);

        public Subscription Source(string offer) =>
            A.Subscription(offer).WithQuantity(Quantity).PricedAt(new Money(UnitMinor, CurrencyCode.Usd)).TermStarting(TermStart).Build() with { BillingCycle = Cycle };

        public override string ToString() => $"{Cycle}, term from {TermStart:yyyy-MM-dd}, change on {ChangeDate:yyyy-MM-dd}, {UnitMinor} × {Quantity}";
    }

    // Term starts from about two years before the change to a year after it, with today (offset 0) and tomorrow (1) weighted in.
    private static readonly Arbitrary<Case> Cases = (
        from cycle in Gen.Elements(BillingCycle.Monthly, BillingCycle.Annual)
        from change in Gen.Choose(0, 3_000).Select(days => new DateOnly(2024, 1, 1).AddDays(days))
        from offset in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(-1)), (6, Gen.Choose(-800, 400)))
        from unit in Gen.Choose(0, 5_000_000)
        from quantity in Gen.Choose(1, 300)
        select new Case(cycle, change, offset, unit, quantity)).ToArbitrary();

    private static void ForAll(Func<Case, bool> property) => Check.One(Config, Prop.ForAll(Cases, property));

    [Fact]
    public void AddingLicensesIsPlannedForEveryTermStartAndChargesAtMostTheWholePeriod()
    {
        ForAll(c =>
        {
            var source = c.Source(E3);
            var result = LicenseAddition.Plan(DefaultCatalog, A.Customer().With(source), source.Id, 5, Operation, c.ChangeDate);
            var charge = result.Plan!.Charge;
            return charge.Amount.MinorUnits >= 0
                && charge.Amount.MinorUnits <= c.UnitMinor * 5
                && charge.DaysRemaining <= charge.DaysInPeriod
                && charge.Period.Start <= c.ChangeDate.AddDays(Math.Max(0, c.TermOffset));
        });
    }

    [Fact]
    public void AChangeBeforeTheTermStartsChargesTheWholeFirstPeriod()
    {
        ForAll(c =>
        {
            if (c.TermOffset <= 0)
            {
                return true;
            }

            var source = c.Source(E3);
            var charge = LicenseAddition.Plan(DefaultCatalog, A.Customer().With(source), source.Id, 5, Operation, c.ChangeDate).Plan!.Charge;
            var firstPeriodEnd = c.Cycle == BillingCycle.Annual ? c.TermStart.AddYears(1) : c.TermStart.AddMonths(1);
            return charge.Period == new BillingPeriod(c.TermStart, firstPeriodEnd)
                && charge.DaysRemaining == charge.DaysInPeriod
                && charge.Amount.MinorUnits == c.UnitMinor * 5;
        });
    }

    [Fact]
    public void AnUpgradeIsPlannedForEveryTermStartAndItsLinesStayWithinOnePeriod()
    {
        ForAll(c =>
        {
            var source = c.Source(BusinessEssentials);
            var request = new UpgradeRequest(source.Id, Id(E3), UpgradeType.UpgradeOnly);
            var plan = UpgradePlanner.Plan(DefaultCatalog, A.Customer().With(source), request, new Money(c.UnitMinor * 2, CurrencyCode.Usd), Operation, c.ChangeDate).Plan!;
            var (credit, charge) = (plan.BillingLines[0], plan.BillingLines[1]);
            return credit.Amount.MinorUnits <= 0 && -credit.Amount.MinorUnits <= c.UnitMinor * c.Quantity
                && charge.Amount.MinorUnits >= 0 && charge.Amount.MinorUnits <= c.UnitMinor * 2 * c.Quantity
                && credit.Period == charge.Period && credit.DaysRemaining == charge.DaysRemaining
                && plan.NetAmount.MinorUnits == credit.Amount.MinorUnits + charge.Amount.MinorUnits;
        });
    }

    [Fact]
    public void AnUpgradeBeforeTheTermStartsCreditsAndChargesTheWholeFirstPeriod()
    {
        ForAll(c =>
        {
            if (c.TermOffset <= 0)
            {
                return true;
            }

            var source = c.Source(BusinessEssentials);
            var request = new UpgradeRequest(source.Id, Id(E3), UpgradeType.UpgradeOnly);
            var plan = UpgradePlanner.Plan(DefaultCatalog, A.Customer().With(source), request, new Money(c.UnitMinor * 2, CurrencyCode.Usd), Operation, c.ChangeDate).Plan!;
            return plan.BillingLines.All(line => line.Period.Start == c.TermStart && line.DaysRemaining == line.DaysInPeriod)
                && plan.BillingLines[0].Amount.MinorUnits == -c.UnitMinor * c.Quantity
                && plan.BillingLines[1].Amount.MinorUnits == c.UnitMinor * 2 * c.Quantity;
        });
    }
}
