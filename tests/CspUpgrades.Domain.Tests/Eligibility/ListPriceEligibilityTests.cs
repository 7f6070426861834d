using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Eligibility;

/// <summary>
/// A target without a list price in the subscription's currency cannot be requested (the service fixes the target's
/// price from the catalog when it accepts a request), so eligibility says so first, with a code of its own.
/// </summary>
public class ListPriceEligibilityTests
{
    private const string NotPriced = "target_offer_not_priced";

    [Theory]
    [InlineData("GBP")]
    [InlineData("JPY")]
    public void EveryTargetWithoutAListPriceInTheSubscriptionsCurrencyIsRefusedWithItsOwnCode(string currency)
    {
        var source = A.Subscription(BusinessEssentials).PricedAt(new Money(500, new CurrencyCode(currency))).Build();

        var result = UpgradeEligibility.Evaluate(DefaultCatalog, A.Customer().With(source), source.Id);

        Assert.Equal(8, result.Options.Count);
        Assert.All(result.Options, option =>
        {
            Assert.False(option.IsEligible);
            var error = Assert.Single(option.UpgradeErrors);
            Assert.Equal(NotPriced, error.Code);
            Assert.Contains(currency, error.AdditionalDetails, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(UpgradeType.UpgradeOnly)]
    [InlineData(UpgradeType.UpgradeWithLicenseTransfer)]
    public void ARequestedTargetWithoutAPriceIsRefusedWithTheSameCodeBesideEveryOtherReason(UpgradeType type)
    {
        var source = A.Subscription(BusinessEssentials).Suspended().PricedAt(new Money(500, new CurrencyCode("GBP"))).Build();

        var option = UpgradeEligibility.EvaluateTarget(DefaultCatalog, A.Customer().With(source), source.Id, Id(E3), type);

        Assert.Equal([UpgradeErrorCodes.SubscriptionStatusNotActive, NotPriced], option.UpgradeErrors.Select(e => e.Code));
    }

    [Fact]
    public void AnIndiaCustomerPricedInRupeesFindsEveryTargetPriced()
    {
        var source = A.Subscription(BusinessEssentialsIndia).PricedAt(Money.Parse("125.00 INR")).Build();

        var result = UpgradeEligibility.Evaluate(DefaultCatalog, A.Customer().InRegion(Domain.Catalog.Region.India).With(source), source.Id);

        Assert.All(result.Options, option => Assert.True(option.IsEligible, string.Join(", ", option.UpgradeErrors.Select(e => e.Code))));
    }
}
