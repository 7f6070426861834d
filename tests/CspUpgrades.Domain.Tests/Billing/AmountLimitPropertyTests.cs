using CspUpgrades.Domain.Catalog;
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
/// No combination of accepted inputs reaches an overflow: unit prices up to the accepted maximum in every currency,
/// subscriptions up to the largest accepted quantity, any term and change date. Planning never throws, and every
/// amount stays within price × quantity.
/// </summary>
public class AmountLimitPropertyTests
{
    private const long MaxUnitPriceMajor = 1_000_000;
    private const int MaxQuantity = 1_000_000;
    private const int MaxSeatsPerRequest = 10_000;

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1_000);
    private static readonly OperationId Operation = new("op-limits");

    private sealed record Case(CurrencyCode Currency, long UnitMinor, long TargetUnitMinor, int Quantity, int Adding, BillingCycle Cycle, DateOnly ChangeDate, int TermOffset)
    {
        public Subscription Source(string offer) =>
            A.Subscription(offer).WithQuantity(Quantity).PricedAt(new Money(UnitMinor, Currency)).TermStarting(ChangeDate.AddDays(TermOffset)).Build() with { BillingCycle = Cycle };

        public override string ToString() => $"{UnitMinor} / {TargetUnitMinor} {Currency} × {Quantity} (+{Adding}), {Cycle}, term {TermOffset:+#;-#;0} days, change {ChangeDate:yyyy-MM-dd}";
    }

    private static Gen<long> Price(CurrencyCode currency)
    {
        var max = MaxUnitPriceMajor * (long)Math.Pow(10, currency.Exponent);
        return Gen.Frequency((1, Gen.Constant(max)), (1, Gen.Constant(0L)), (4, Gen.Choose(0, (int)max).Select(value => (long)value)));
    }

    private static readonly Arbitrary<Case> Cases = (
        from currency in Gen.Elements(CurrencyCode.KnownCodes.Select(code => new CurrencyCode(code)).ToArray())
        from unit in Price(currency)
        from target in Price(currency)
        from quantity in Gen.Frequency((1, Gen.Constant(MaxQuantity)), (3, Gen.Choose(1, MaxQuantity)))
        from adding in Gen.Frequency((1, Gen.Constant(MaxSeatsPerRequest)), (3, Gen.Choose(1, MaxSeatsPerRequest)))
        from cycle in Gen.Elements(BillingCycle.Monthly, BillingCycle.Annual)
        from change in Gen.Choose(0, 3_000).Select(days => new DateOnly(2024, 1, 1).AddDays(days))
        from offset in Gen.Choose(-800, 400)
        select new Case(currency, unit, target, quantity, adding, cycle, change, offset)).ToArbitrary();

    private static void ForAll(Func<Case, bool> property) => Check.One(Config, Prop.ForAll(Cases, property));

    [Fact]
    public void AddingLicensesNeverOverflowsAndNeverGrowsASubscriptionPastTheLimit()
    {
        ForAll(c =>
        {
            var source = c.Source(E3);
            var result = LicenseAddition.Plan(DefaultCatalog, A.Customer().With(source), source.Id, c.Adding, Operation, c.ChangeDate);
            if (c.Quantity + c.Adding > MaxQuantity)
            {
                return !result.IsPlanned && result.Errors.Single().Code == UpgradeErrorCodes.InvalidQuantity;
            }

            var charge = result.Plan!.Charge.Amount.MinorUnits;
            return charge >= 0 && charge <= c.UnitMinor * c.Adding && result.Plan.Subscription.Quantity == c.Quantity + c.Adding;
        });
    }

    [Fact]
    public void AnUpgradeOfEveryAcceptedSizeAndPriceIsPlannedWithoutOverflow()
    {
        ForAll(c =>
        {
            var source = c.Source(BusinessEssentials);
            var request = new UpgradeRequest(source.Id, Id(E3), UpgradeType.UpgradeOnly);
            var plan = UpgradePlanner.Plan(DefaultCatalog, A.Customer().With(source), request, new Money(c.TargetUnitMinor, c.Currency), Operation, c.ChangeDate).Plan!;
            return -plan.BillingLines[0].Amount.MinorUnits <= c.UnitMinor * c.Quantity
                && plan.BillingLines[1].Amount.MinorUnits <= c.TargetUnitMinor * c.Quantity
                && plan.NetAmount.Currency == c.Currency;
        });
    }

    [Fact]
    public void ACatalogListPriceWhoseAnnualPriceIsOverTheLimitIsRefusedAtLoad()
    {
        // 83,333.34 a month is 1,000,000.08 a year: an annual subscription could never be priced from it.
        using var stream = typeof(OfferCatalog).Assembly.GetManifestResourceStream(OfferCatalog.DefaultResourceName)!;
        var catalog = System.Text.Json.Nodes.JsonNode.Parse(stream)!;
        var e3 = catalog["offers"]!.AsArray().Single(offer => (string?)offer!["id"] == E3)!;
        e3["listPrices"]!["USD"] = "83333.34";
        var json = catalog.ToJsonString();

        var error = Assert.Throws<CatalogValidationException>(() => OfferCatalog.Load(json));

        Assert.Contains("listPrices", error.Message, StringComparison.Ordinal);
    }
}
