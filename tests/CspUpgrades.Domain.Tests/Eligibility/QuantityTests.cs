using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Eligibility;

/// <summary>A partner may move some of a subscription's seats: between 1 and all of them.</summary>
public class QuantityTests
{
    private static UpgradeOption Check(int? quantity)
    {
        var source = A.Subscription(Business).WithQuantity(10).Build();
        return UpgradeEligibility.EvaluateTarget(DefaultCatalog, A.Customer().With(source), source.Id, Id(E3), UpgradeType.UpgradeWithLicenseTransfer, quantity);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(null)]
    public void AcceptsOneToAllSeats(int? quantity)
    {
        Assert.True(Check(quantity).IsEligible);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(11)]
    public void RejectsAQuantityOutsideOneToTheSubscriptionsSeats(int quantity)
    {
        var error = Assert.Single(Check(quantity).UpgradeErrors);

        Assert.Equal(UpgradeErrorCodes.InvalidQuantity, error.Code);
        Assert.Equal($"requested {quantity}, the subscription has 10", error.AdditionalDetails);
    }
}
