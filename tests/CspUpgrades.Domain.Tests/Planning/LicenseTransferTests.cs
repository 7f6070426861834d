using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Planning.LicenseErrorCodes;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Planning;

/// <summary>Which users move automatically, which stay, and which the partner must reassign by hand.</summary>
public class LicenseTransferTests
{
    private static LicenseTransferPlan Transfer(Subscription source, string target, UpgradeType type, int? quantity = null)
    {
        var request = new UpgradeRequest(source.Id, Id(target), type, quantity);
        var result = UpgradePlanner.Plan(DefaultCatalog, A.Customer().With(source), request, source.UnitPrice, new OperationId("op-1"), new DateOnly(2024, 5, 2));
        Assert.True(result.IsPlanned, string.Join("; ", result.UpgradeErrors.Select(e => e.Code)));
        return result.Plan.Licenses;
    }

    private static Subscription BusinessEssentialsWith(int quantity, params UserBuilder[] users) =>
        A.Subscription(BusinessEssentials).WithQuantity(quantity).WithUsers(users);

    [Fact]
    public void UpgradeOnlyMovesNobodySoEveryUserOfAClosedSourceIsALicenseError()
    {
        var source = BusinessEssentialsWith(2, A.User("alice").With(ServiceKinds.Mail), A.User("bob").With(ServiceKinds.Mail));

        var plan = Transfer(source, BusinessPremium, UpgradeType.UpgradeOnly);

        Assert.Empty(plan.MovedAutomatically);
        Assert.Empty(plan.RemainingOnSource);
        Assert.Equal(["alice", "bob"], plan.LicenseErrors.Select(e => e.Name));
        Assert.All(plan.LicenseErrors, e => Assert.Equal(LicenseTransferNotRequested, Assert.Single(e.Errors).Code));
    }

    [Fact]
    public void LicenseTransferMovesUsersWhoseServicesTheTargetIncludes()
    {
        var source = BusinessEssentialsWith(2, A.User("alice").With(ServiceKinds.Mail), A.User("bob").With(ServiceKind.SharePoint, ServiceKind.OfficeWebApps));

        var plan = Transfer(source, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer);

        Assert.Equal(["alice", "bob"], plan.MovedAutomatically.Select(u => u.Name));
        Assert.Empty(plan.LicenseErrors);
    }

    [Fact]
    public void AUserWithServicesTheTargetLacksNeedsManualWorkWithThoseServicesNamed()
    {
        // Phone System is not part of Enterprise E3.
        var source = A.Subscription(BusinessPremium).WithQuantity(2)
            .WithUsers(A.User("alice").With(ServiceKinds.Mail), A.User("carol").With(ServiceKinds.Telephony)).Build();

        var plan = Transfer(source, E3, UpgradeType.UpgradeWithLicenseTransfer);

        Assert.Equal(["alice"], plan.MovedAutomatically.Select(u => u.Name));
        var carol = Assert.Single(plan.LicenseErrors);
        Assert.Equal(("user-carol", "carol", "carol@contoso.example"), (carol.UserObjectId.Value, carol.Name, carol.Email));
        Assert.Equal(ServiceKinds.Telephony, carol.Services);
        var error = Assert.Single(carol.Errors);
        Assert.Equal(ServicesNotInTargetOffer, error.Code);
        Assert.Equal("PhoneSystem", error.AdditionalDetails);
    }

    [Fact]
    public void APartialTransferMovesTheFirstMovableUsersAndKeepsTheRestOnTheSource()
    {
        var source = BusinessEssentialsWith(5, A.User("a").With(ServiceKinds.Mail), A.User("b").With(ServiceKinds.Mail), A.User("c").With(ServiceKinds.Mail));

        var plan = Transfer(source, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer, quantity: 2);

        Assert.Equal(["a", "b"], plan.MovedAutomatically.Select(u => u.Name));
        Assert.Equal(["c"], plan.RemainingOnSource.Select(u => u.Name));
        Assert.Empty(plan.LicenseErrors);
    }

    [Fact]
    public void InAPartialTransferAUserTheTargetCannotTakeStaysOnTheSource()
    {
        var source = A.Subscription(BusinessPremium).WithQuantity(3)
            .WithUsers(A.User("carol").With(ServiceKinds.Telephony), A.User("alice").With(ServiceKinds.Mail)).Build();

        var plan = Transfer(source, E3, UpgradeType.UpgradeWithLicenseTransfer, quantity: 1);

        Assert.Equal(["alice"], plan.MovedAutomatically.Select(u => u.Name));
        Assert.Equal(["carol"], plan.RemainingOnSource.Select(u => u.Name));
        Assert.Empty(plan.LicenseErrors);
    }

    [Fact]
    public void UsersBeyondTheMovedQuantityAndTheSeatsLeftNeedManualWork()
    {
        // 3 seats, 3 users, 2 move: 1 seat left on the source for the 1 user who did not move. Over-assigned data: 4 users.
        var source = BusinessEssentialsWith(3,
            A.User("a").With(ServiceKinds.Mail), A.User("b").With(ServiceKinds.Mail), A.User("c").With(ServiceKinds.Mail), A.User("d").With(ServiceKinds.Mail));

        var plan = Transfer(source, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer, quantity: 2);

        Assert.Equal(["a", "b"], plan.MovedAutomatically.Select(u => u.Name));
        Assert.Equal(["c"], plan.RemainingOnSource.Select(u => u.Name));
        var d = Assert.Single(plan.LicenseErrors);
        Assert.Equal(TargetQuantityExhausted, Assert.Single(d.Errors).Code);
    }

    [Fact]
    public void APartialUpgradeOnlyKeepsUsersOnTheSourceWhileItHasSeats()
    {
        var source = BusinessEssentialsWith(4, A.User("a"), A.User("b"), A.User("c"));

        var plan = Transfer(source, BusinessPremium, UpgradeType.UpgradeOnly, quantity: 2);

        Assert.Equal(["a", "b"], plan.RemainingOnSource.Select(u => u.Name));
        Assert.Equal(["c"], plan.LicenseErrors.Select(e => e.Name));
        Assert.Equal(LicenseTransferNotRequested, Assert.Single(plan.LicenseErrors[0].Errors).Code);
    }

    [Fact]
    public void EveryUserEndsUpInExactlyOnePlace()
    {
        var source = A.Subscription(BusinessPremium).WithQuantity(6).WithUsers(
            A.User("a").With(ServiceKinds.Mail), A.User("b").With(ServiceKinds.Telephony), A.User("c").With(ServiceKinds.OfficeApps),
            A.User("d").With(ServiceKinds.Telephony), A.User("e").With(ServiceKinds.Mail)).Build();

        foreach (var type in new[] { UpgradeType.UpgradeOnly, UpgradeType.UpgradeWithLicenseTransfer })
        {
            foreach (var quantity in Enumerable.Range(1, 6))
            {
                var plan = Transfer(source, E3, type, quantity);
                var placed = plan.MovedAutomatically.Concat(plan.RemainingOnSource).Select(u => u.Name).Concat(plan.LicenseErrors.Select(e => e.Name));
                Assert.Equal(["a", "b", "c", "d", "e"], placed.Order());
                Assert.True(plan.MovedAutomatically.Count <= quantity);
                Assert.True(plan.RemainingOnSource.Count <= 6 - quantity);
            }
        }
    }

    [Fact]
    public void EveryLicenseErrorSaysWhichTargetItConcerns()
    {
        var closedByUpgradeOnly = Transfer(BusinessEssentialsWith(1, A.User("a").With(ServiceKinds.Mail)), BusinessPremium, UpgradeType.UpgradeOnly);
        var missingServices = Transfer(
            A.Subscription(BusinessPremium).WithQuantity(1).WithUsers(A.User("b").With(ServiceKind.PhoneSystem, ServiceKind.AdvancedSecurity)).Build(),
            E3, UpgradeType.UpgradeWithLicenseTransfer);
        var exhausted = Transfer(
            BusinessEssentialsWith(1, A.User("c").With(ServiceKinds.Mail), A.User("d").With(ServiceKinds.Mail)),
            BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer);

        var errors = new[] { closedByUpgradeOnly, missingServices, exhausted }.Select(plan => Assert.Single(Assert.Single(plan.LicenseErrors).Errors)).ToList();

        Assert.Equal([LicenseTransferNotRequested, ServicesNotInTargetOffer, TargetQuantityExhausted], errors.Select(e => e.Code));
        Assert.All(errors, e => Assert.Contains(" Office 365 ", e.Description, StringComparison.Ordinal));
        Assert.Equal("PhoneSystem, AdvancedSecurity", errors[1].AdditionalDetails);  // in the user's order
        Assert.Contains("1", errors[2].Description, StringComparison.Ordinal);
    }
}
