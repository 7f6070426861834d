using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Planning;

public class AddLicensesTests
{
    private static readonly OperationId Operation = new("op-7");

    private static AddLicensesResult Add(SubscriptionBuilder subscription, int quantity, DateOnly date)
    {
        var built = subscription.Build();
        return LicenseAddition.Plan(DefaultCatalog, A.Customer().With(built), built.Id, quantity, Operation, date);
    }

    [Fact]
    public void OneLicenseAddedOneDayIntoA31DayMonthAt4DollarsCosts387Cents()
    {
        var result = Add(A.Subscription(Business).PricedAt("4.00 USD"), 1, new DateOnly(2024, 1, 2));

        Assert.True(result.IsPlanned);
        var charge = result.Plan.Charge;
        Assert.Equal(Money.Parse("3.87 USD"), charge.Amount);
        Assert.Equal((BillingLineKind.Charge, 30, 31, 1, "op-7-charge"), (charge.Kind, charge.DaysRemaining, charge.DaysInPeriod, charge.Quantity, charge.LineId));
    }

    [Fact]
    public void TheSubscriptionGrowsByTheAddedSeatsAndKeepsItsVersion()
    {
        var result = Add(A.Subscription(Business).WithQuantity(10).WithVersion(3), 5, new DateOnly(2024, 1, 15));

        Assert.Equal((15, 3L, 5), (result.Plan!.Subscription.Quantity, result.Plan.Subscription.Version, result.Plan.AddedQuantity));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void RejectsANonPositiveQuantity(int quantity)
    {
        Assert.Equal(UpgradeErrorCodes.InvalidQuantity, Assert.Single(Add(A.Subscription(Business), quantity, new DateOnly(2024, 1, 2)).Errors).Code);
    }

    [Fact]
    public void RejectsASuspendedSubscriptionOfAnotherPartner()
    {
        var result = Add(A.Subscription(Business).Suspended().ThroughOtherPartner("Contoso"), 1, new DateOnly(2024, 1, 2));

        Assert.False(result.IsPlanned);
        Assert.Equal([UpgradeErrorCodes.SubscriptionNotManagedByPartner, UpgradeErrorCodes.SubscriptionStatusNotActive], result.Errors.Select(e => e.Code));
    }

    [Theory]
    [InlineData(999_990, 10, true)]
    [InlineData(999_990, 11, false)]
    [InlineData(1_000_000, 1, false)]
    public void AddsUpToTheMostSeatsASubscriptionHoldsAndNoMore(int held, int adding, bool allowed)
    {
        var result = Add(A.Subscription(E3).WithQuantity(held), adding, new DateOnly(2024, 1, 2));

        Assert.Equal(allowed, result.IsPlanned);
        Assert.Equal(allowed ? [] : [UpgradeErrorCodes.InvalidQuantity], result.Errors.Select(e => e.Code));
        Assert.Equal(allowed ? held + adding : null, result.Plan?.Subscription.Quantity);
    }
}
