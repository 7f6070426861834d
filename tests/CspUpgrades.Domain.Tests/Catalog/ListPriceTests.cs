using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Catalog;

/// <summary>The catalog's list prices fix the target's unit price when an upgrade is accepted.</summary>
public class ListPriceTests
{
    private static readonly OfferCatalog Catalog = OfferCatalog.LoadDefault();

    [Fact]
    public void EveryShippedOfferHasAnIndianRupeePrice() =>
        Assert.All(Catalog.Offers, offer => Assert.NotNull(offer.UnitPriceFor(CurrencyCode.Inr, BillingCycle.Monthly)));

    [Fact]
    public void EveryGlobalOfferHasADollarPrice() =>
        Assert.All(Catalog.Offers.Where(offer => offer.Region == Region.Global),
            offer => Assert.NotNull(offer.UnitPriceFor(CurrencyCode.Usd, BillingCycle.Monthly)));

    [Fact]
    public void AMonthlyPriceIsTheListPrice()
    {
        var e3 = Catalog.Find(new OfferId("o365-enterprise-e3"))!;
        Assert.Equal(Money.Parse("20.00 USD"), e3.UnitPriceFor(CurrencyCode.Usd, BillingCycle.Monthly));
    }

    [Fact]
    public void AnAnnualPriceIsTwelveMonths()
    {
        var e3 = Catalog.Find(new OfferId("o365-enterprise-e3"))!;
        Assert.Equal(Money.Parse("240.00 USD"), e3.UnitPriceFor(CurrencyCode.Usd, BillingCycle.Annual));
    }

    [Fact]
    public void AnOfferNotPricedInACurrencyHasNoPriceInIt()
    {
        var indiaPremium = Catalog.Find(new OfferId("o365-business-premium-india"))!;
        Assert.Null(indiaPremium.UnitPriceFor(CurrencyCode.Usd, BillingCycle.Monthly));
        Assert.Null(indiaPremium.UnitPriceFor(CurrencyCode.Jpy, BillingCycle.Monthly));
    }
}
