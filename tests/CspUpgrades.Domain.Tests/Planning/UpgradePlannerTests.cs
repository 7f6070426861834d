using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Planning;

public class UpgradePlannerTests
{
    private static readonly OperationId Operation = new("op-42");
    private static readonly DateOnly MidMarch = new(2024, 3, 11);
    private static readonly Money E3Price = Money.Parse("20.00 USD");

    private static readonly Subscription Source = A.Subscription(Business).WithId("source").WithQuantity(10).WithVersion(7)
        .WithUsers(A.User("alice").With(ServiceKinds.OfficeApps), A.User("bob").With(ServiceKinds.OfficeApps));

    private static UpgradePlanResult Plan(UpgradeRequest request, OperationId? operation = null, CustomerBuilder? customer = null) =>
        UpgradePlanner.Plan(DefaultCatalog, customer ?? A.Customer().With(Source), request, E3Price, operation ?? Operation, MidMarch);

    private static UpgradeRequest ToE3(int? quantity = null, UpgradeType type = UpgradeType.UpgradeWithLicenseTransfer) =>
        new(Source.Id, Id(E3), type, quantity);

    [Fact]
    public void TheTargetSubscriptionIdIsDerivedFromTheOperationId()
    {
        var first = Plan(ToE3()).Plan!;
        var again = Plan(ToE3()).Plan!;
        var otherOperation = Plan(ToE3(), new OperationId("op-43")).Plan!;

        Assert.Equal(first.Target.Id, again.Target.Id);
        Assert.Equal(SubscriptionId.ForUpgradeTarget(Operation), first.Target.Id);
        Assert.NotEqual(first.Target.Id, otherOperation.Target.Id);
        Assert.True(Guid.TryParseExact(first.Target.Id.Value, "D", out _));
    }

    [Fact]
    public void PlanningTheSameOperationTwiceGivesTheSameKeysAndAmounts()
    {
        var first = Plan(ToE3()).Plan!;
        var again = Plan(ToE3()).Plan!;

        Assert.Equal(first.BillingLines, again.BillingLines);
        Assert.Equal(["op-42-credit", "op-42-charge"], first.BillingLines.Select(line => line.LineId));
    }

    [Fact]
    public void UpgradingEverySeatClosesTheSource()
    {
        var plan = Plan(ToE3()).Plan!;

        Assert.Equal(SourceChange.Closed, plan.SourceChange);
        Assert.Equal(SubscriptionStatus.Cancelled, plan.Source.Status);
        Assert.Equal(10, plan.Source.Quantity);  // a closed subscription keeps the seats it had, for the record
        Assert.Empty(plan.Source.AssignedUsers);
        Assert.Equal(10, plan.Quantity);
        Assert.Equal(10, plan.Target.Quantity);
    }

    [Fact]
    public void UpgradingSomeSeatsReducesTheSource()
    {
        var plan = Plan(ToE3(quantity: 4)).Plan!;

        Assert.Equal(SourceChange.Reduced, plan.SourceChange);
        Assert.Equal(SubscriptionStatus.Active, plan.Source.Status);
        Assert.Equal(6, plan.Source.Quantity);
        Assert.Equal(4, plan.Target.Quantity);
        Assert.All(plan.BillingLines, line => Assert.Equal(4, line.Quantity));
    }

    [Fact]
    public void TheSourceKeepsTheVersionItWasReadAtSoStorageCanDetectAConcurrentChange()
    {
        Assert.Equal(7, Plan(ToE3()).Plan!.Source.Version);
    }

    [Fact]
    public void TheTargetIsAnActiveSubscriptionOfThisPartnerContinuingTheSourcesTerm()
    {
        var target = Plan(ToE3()).Plan!.Target;

        Assert.Equal(Id(E3), target.OfferId);
        Assert.Equal(SubscriptionStatus.Active, target.Status);
        Assert.Equal(SalesChannel.ThisPartner, target.Channel);
        Assert.Equal((Source.TermStart, Source.TermEnd, Source.BillingCycle), (target.TermStart, target.TermEnd, target.BillingCycle));
        Assert.Equal(E3Price, target.UnitPrice);
        Assert.Equal(["alice", "bob"], target.AssignedUsers.Select(u => u.Name));
    }

    [Fact]
    public void CreditsTheSourceAndChargesTheTargetForTheRestOfThePeriod()
    {
        // March 2024 has 31 days; from the 11th, 21 remain. 10 seats: 10.00 × 10 × 21/31 = 67.74; 20.00 × 10 × 21/31 = 135.48.
        var plan = Plan(ToE3()).Plan!;

        var credit = plan.BillingLines[0];
        var charge = plan.BillingLines[1];
        Assert.Equal((BillingLineKind.Credit, Source.Id, Money.Parse("-67.74 USD")), (credit.Kind, credit.SubscriptionId, credit.Amount));
        Assert.Equal((BillingLineKind.Charge, plan.Target.Id, Money.Parse("135.48 USD")), (charge.Kind, charge.SubscriptionId, charge.Amount));
        Assert.Equal((21, 31), (credit.DaysRemaining, credit.DaysInPeriod));
        Assert.Equal(new BillingPeriod(new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 1)), charge.Period);
        Assert.Equal(Money.Parse("67.74 USD"), plan.NetAmount);
    }

    [Fact]
    public void RefusesAnIneligibleRequestWithEveryReasonAndNoPlan()
    {
        var customer = A.Customer().WithoutDelegatedAdmin().With(Source with { Status = SubscriptionStatus.Suspended });

        var result = Plan(ToE3(), customer: customer);

        Assert.False(result.IsPlanned);
        Assert.Null(result.Plan);
        Assert.Equal([UpgradeErrorCodes.SubscriptionStatusNotActive, UpgradeErrorCodes.DelegatedAdminPermissionsDisabled], result.UpgradeErrors.Select(e => e.Code));
    }

    [Fact]
    public void RefusesATargetPriceInAnotherCurrency()
    {
        Assert.Throws<CurrencyMismatchException>(() =>
            UpgradePlanner.Plan(DefaultCatalog, A.Customer().With(Source), ToE3(), Money.Parse("20.00 EUR"), Operation, MidMarch));
    }

    [Fact]
    public void TheResultSpeaksPartnerCentersVocabulary()
    {
        var result = Plan(ToE3(type: UpgradeType.UpgradeOnly)).ToUpgradeResult();

        Assert.Equal(Source.Id, result.SourceSubscriptionId);
        Assert.Equal(SubscriptionId.ForUpgradeTarget(Operation), result.TargetSubscriptionId);
        Assert.Equal(UpgradeType.UpgradeOnly, result.UpgradeType);
        Assert.Empty(result.UpgradeErrors);
        Assert.Equal(["user-alice", "user-bob"], result.LicenseErrors.Select(e => e.UserObjectId.Value));
    }

    [Fact]
    public void ARefusedResultHasNoTargetAndNoLicenseErrors()
    {
        var result = Plan(ToE3(quantity: 11)).ToUpgradeResult();

        Assert.Null(result.TargetSubscriptionId);
        Assert.Equal(UpgradeErrorCodes.InvalidQuantity, Assert.Single(result.UpgradeErrors).Code);
        Assert.Empty(result.LicenseErrors);
    }
}
