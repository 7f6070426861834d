using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Eligibility.UpgradeErrorCodes;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Eligibility;

/// <summary>
/// What the subscription list says of each subscription from one evaluation: available (the information icon), blocked
/// (targets exist, none can be had, and every reason why, once each), or neither (the offer has no targets).
/// </summary>
public class UpgradeAvailabilityTests
{
    private static EligibilityResult Evaluate(CustomerSnapshot customer, string subscription = "source") =>
        UpgradeEligibility.Evaluate(DefaultCatalog, customer, new SubscriptionId(subscription));

    [Fact]
    public void AnActiveSubscriptionWithTargetsIsAvailableAndHasNoReasons()
    {
        var result = Evaluate(A.Customer().With(A.Subscription(Business).WithId("source")));

        Assert.True(result.IsAvailable);
        Assert.False(result.IsBlocked);
        Assert.Empty(result.ReasonsNoneIsAvailable);
    }

    [Fact]
    public void OneEligibleOptionAmongRefusedOnesIsEnough()
    {
        // Business with a Business Premium already owned: that target is refused, the Enterprise ones are not.
        var customer = A.Customer().With(A.Subscription(Business).WithId("source"), A.Subscription(BusinessPremium).WithId("owned"));
        var result = Evaluate(customer);

        Assert.Contains(result.Options, option => !option.IsEligible);
        Assert.True(result.IsAvailable);
        Assert.Empty(result.ReasonsNoneIsAvailable);
    }

    [Fact]
    public void ASuspendedSubscriptionIsBlockedWithEachReasonOnce()
    {
        var customer = A.Customer().WithoutDelegatedAdmin().With(A.Subscription(Business).WithId("source").Suspended());
        var result = Evaluate(customer);

        Assert.False(result.IsAvailable);
        Assert.True(result.IsBlocked);
        Assert.Equal([SubscriptionStatusNotActive, DelegatedAdminPermissionsDisabled], result.ReasonsNoneIsAvailable.Select(e => e.Code));
        Assert.True(result.Options.Count > 1, "every option repeats the same two reasons; the list says them once");
    }

    [Fact]
    public void ReasonsOfDifferentTargetsAreAllKept()
    {
        var customer = A.Customer().With(A.Subscription(Business).WithId("source").Suspended());
        var result = Evaluate(customer);
        var expected = result.Options.SelectMany(option => option.UpgradeErrors).Distinct().ToList();

        Assert.Equal(expected, result.ReasonsNoneIsAvailable);
    }

    [Fact]
    public void AnOfferWithoutTargetsIsNeitherAvailableNorBlocked()
    {
        var result = Evaluate(A.Customer().With(A.Subscription(E5).WithId("source")));

        Assert.False(result.IsAvailable);
        Assert.False(result.IsBlocked);
        Assert.Equal([SubscriptionDoesNotHaveAnyUpgradePaths], result.ReasonsNoneIsAvailable.Select(e => e.Code));
    }
}
