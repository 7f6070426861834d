using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Planning;

/// <summary>
/// A preview is the plan a request for the option would get: the option's own quantity, the target's list price in the
/// source's currency and cycle, the date asked for — and none for a refused option.
/// </summary>
public class UpgradePreviewTests
{
    private static readonly DateOnly MidMarch = new(2024, 3, 11);

    private static SubscriptionBuilder SourceBuilder => A.Subscription(Business).WithId("source").WithQuantity(10)
        .WithUsers(A.User("alice").With(ServiceKinds.OfficeApps), A.User("bob").With(ServiceKinds.OfficeApps));

    private static readonly Subscription Source = SourceBuilder;

    [Fact]
    public void AnEligibleOptionsPreviewIsThePlanOfARequestForItsQuantityAtTheListPrice()
    {
        var customer = A.Customer().With(Source).Build();
        var eligibility = UpgradeEligibility.Evaluate(DefaultCatalog, customer, Source.Id);

        var previews = UpgradePreview.Of(DefaultCatalog, customer, eligibility, MidMarch);

        Assert.Equal(eligibility.Options, previews.Select(previewed => previewed.Option));
        foreach (var (option, plan) in previews)
        {
            Assert.True(option.IsEligible);
            var price = DefaultCatalog.Find(option.TargetOffer)!.UnitPriceFor(Source.UnitPrice.Currency, Source.BillingCycle)!.Value;
            var request = new UpgradeRequest(Source.Id, option.TargetOffer, option.UpgradeType, option.Quantity);
            var expected = UpgradePlanner.Plan(DefaultCatalog, customer, request, price, new OperationId("any"), MidMarch).Plan!;
            Assert.NotNull(plan);
            Assert.Equal(option.Quantity, plan.Quantity);
            Assert.Equal(MidMarch, plan.EffectiveDate);
            Assert.Equal(price, plan.Target.UnitPrice);
            Assert.Equal(expected.BillingLines.Select(line => (line.Kind, line.Amount)), plan.BillingLines.Select(line => (line.Kind, line.Amount)));
            Assert.Equal(Moves(expected), Moves(plan));
        }
    }

    private static string Moves(UpgradePlan plan) =>
        string.Join(" ", plan.Licenses.MovedAutomatically.Select(user => user.UserObjectId.Value)) + " | "
        + string.Join(" ", plan.Licenses.RemainingOnSource.Select(user => user.UserObjectId.Value)) + " | "
        + string.Join(" ", plan.Licenses.LicenseErrors.Select(error => error.UserObjectId.Value + ":" + string.Join(",", error.Errors.Select(e => e.Code))));

    [Fact]
    public void ARefusedOptionHasNoPreview()
    {
        var customer = A.Customer().With(SourceBuilder.Suspended()).Build();
        var eligibility = UpgradeEligibility.Evaluate(DefaultCatalog, customer, Source.Id);

        var previews = UpgradePreview.Of(DefaultCatalog, customer, eligibility, MidMarch);

        Assert.NotEmpty(previews);
        Assert.All(previews, previewed => Assert.Null(previewed.Plan));
    }

    [Fact]
    public void TheTargetPriceIsTheListPriceForTheSourcesCurrencyAndCycle()
    {
        var euro = Source with { UnitPrice = Money.Parse("8.80 EUR") };

        Assert.Equal(Money.Parse("19.70 EUR"), UpgradePlanner.TargetUnitPrice(DefaultCatalog, euro, Id(E3)));
        Assert.Null(UpgradePlanner.TargetUnitPrice(DefaultCatalog, Source with { UnitPrice = Money.Parse("4.00 GBP") }, Id(E3)));
        Assert.Equal(Money.Parse("240.00 USD"), UpgradePlanner.TargetUnitPrice(DefaultCatalog, SourceBuilder.Annual(), Id(E3)));
        Assert.Null(UpgradePlanner.TargetUnitPrice(DefaultCatalog, Source, new OfferId("no-such-offer")));
    }
}
