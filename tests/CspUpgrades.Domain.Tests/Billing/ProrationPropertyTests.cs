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

/// <summary>Invariants of proration that must hold for every price, quantity, period, date and currency.</summary>
public class ProrationPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);
    private static readonly OperationId Operation = new("op-prop");

    /// <summary>A priced subscription's situation: currency of each exponent, cycle, term, change date, quantity.</summary>
    private sealed record Case(CurrencyCode Currency, long UnitMinor, int Quantity, BillingCycle Cycle, DateOnly TermStart, int DaysAfterStart, int SecondOffset)
    {
        public Money UnitPrice => new(UnitMinor, Currency);

        public DateOnly ChangeDate => TermStart.AddDays(DaysAfterStart);

        public BillingPeriod Period => BillingPeriod.Containing(TermStart, Cycle, ChangeDate);

        public override string ToString() => $"{UnitPrice} × {Quantity}, {Cycle} from {TermStart:yyyy-MM-dd}, change {ChangeDate:yyyy-MM-dd} (+{SecondOffset})";
    }

    private static readonly Arbitrary<Case> Cases = (
        from currency in Gen.Elements(CurrencyCode.Jpy, CurrencyCode.Usd, CurrencyCode.Inr, CurrencyCode.Bhd)
        from unit in Gen.Choose(0, 5_000_000)
        from quantity in Gen.Choose(1, 1_000)
        from cycle in Gen.Elements(BillingCycle.Monthly, BillingCycle.Annual)
        from termStart in Gen.Choose(0, 3_000).Select(days => new DateOnly(2020, 1, 1).AddDays(days))
        from daysAfterStart in Gen.Choose(0, 800)
        from secondOffset in Gen.Choose(0, 366)
        select new Case(currency, unit, quantity, cycle, termStart, daysAfterStart, secondOffset)).ToArbitrary();

    private static void ForAll(Func<Case, bool> property) => Check.One(Config, Prop.ForAll(Cases, property));

    private static BillingLine CreditOn(Case c, DateOnly date) =>
        Proration.Credit(Operation, new SubscriptionId("sub"), Id(Business), c.UnitPrice, c.Quantity, c.Period, date);

    [Fact]
    public void ACreditIsNeverNegativeNorMoreThanTheFullPeriod()
    {
        ForAll(c =>
        {
            var credit = -CreditOn(c, c.ChangeDate).Amount.MinorUnits;
            return credit >= 0 && credit <= c.UnitMinor * c.Quantity;
        });
    }

    [Fact]
    public void ALaterChangeNeverCreditsMore()
    {
        ForAll(c =>
        {
            var later = c.ChangeDate.AddDays(c.SecondOffset);
            if (later > c.Period.End)
            {
                later = c.Period.End;
            }

            return -CreditOn(c, later).Amount.MinorUnits <= -CreditOn(c, c.ChangeDate).Amount.MinorUnits;
        });
    }

    [Fact]
    public void EveryAmountIsTheExactProductRoundedOnceHalfAwayFromZero()
    {
        ForAll(c =>
        {
            var line = CreditOn(c, c.ChangeDate);
            var exactTimesDays = (Int128)c.UnitMinor * c.Quantity * line.DaysRemaining;
            var roundedTimesDays = (Int128)(-line.Amount.MinorUnits) * line.DaysInPeriod;
            var error = roundedTimesDays - exactTimesDays;
            // Within half a minor unit; an exact half rounds up (away from zero, amounts being positive).
            return 2 * Int128.Abs(error) < line.DaysInPeriod || 2 * error == line.DaysInPeriod;
        });
    }

    [Fact]
    public void AnUpgradesLinesSumExactlyToItsNetAmountInOneCurrency()
    {
        var targets = Gen.Choose(0, 5_000_000);
        Check.One(Config, Prop.ForAll(Cases, targets.ToArbitrary(), (c, targetUnit) =>
        {
            var plan = PlanUpgrade(c, new Money(targetUnit, c.Currency));
            var sum = plan.BillingLines.Sum(line => line.Amount.MinorUnits);
            return plan.NetAmount.MinorUnits == sum
                && plan.BillingLines.All(line => line.Amount.Currency == c.Currency && line.UnitPrice.Currency == c.Currency)
                && plan.NetAmount.Currency == c.Currency
                && plan.BillingLines[0].Amount.MinorUnits <= 0
                && plan.BillingLines[1].Amount.MinorUnits >= 0;
        }));
    }

    [Fact]
    public void AnUpgradeAtTheSamePriceAlwaysNetsToZero()
    {
        ForAll(c => PlanUpgrade(c, c.UnitPrice).NetAmount.MinorUnits == 0);
    }

    [Fact]
    public void AddingMoneyOfDifferentCurrenciesAlwaysThrows()
    {
        var pairs =
            from a in Gen.Elements(CurrencyCode.KnownCodes.ToArray())
            from b in Gen.Elements(CurrencyCode.KnownCodes.ToArray())
            where a != b
            from amount in Gen.Choose(-1_000_000, 1_000_000)
            select (new Money(amount, new CurrencyCode(a)), new Money(amount, new CurrencyCode(b)));
        Check.One(Config, Prop.ForAll(pairs.ToArbitrary(), pair =>
        {
            var (left, right) = pair;
            return Throws(() => left + right) && Throws(() => left - right) && Throws(() => Money.Sum([left, right], left.Currency));
        }));
    }

    private static bool Throws(Func<Money> operation)
    {
        try
        {
            operation();
            return false;
        }
        catch (CurrencyMismatchException)
        {
            return true;
        }
    }

    private static UpgradePlan PlanUpgrade(Case c, Money targetPrice)
    {
        var source = A.Subscription(BusinessEssentials).WithQuantity(c.Quantity).PricedAt(c.UnitPrice).TermStarting(c.TermStart).Build() with { BillingCycle = c.Cycle };
        var request = new UpgradeRequest(source.Id, Id(E1), UpgradeType.UpgradeWithLicenseTransfer);
        return UpgradePlanner.Plan(DefaultCatalog, A.Customer().With(source), request, targetPrice, Operation, c.ChangeDate).Plan!;
    }
}
