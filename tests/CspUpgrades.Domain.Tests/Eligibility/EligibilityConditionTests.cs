using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Eligibility.UpgradeErrorCodes;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Eligibility;

/// <summary>DESIGN §1's four conditions, each alone and together. Every reason is reported, not just the first.</summary>
public class EligibilityConditionTests
{
    private static readonly Subscription Source = A.Subscription(Business).WithId("source");

    private static UpgradeOption Check(CustomerSnapshot customer, string target, UpgradeType type, string source = "source") =>
        UpgradeEligibility.EvaluateTarget(DefaultCatalog, customer, new SubscriptionId(source), Id(target), type);

    private static string[] Codes(UpgradeOption option) => option.UpgradeErrors.Select(e => e.Code).ToArray();

    [Fact]
    public void AcceptsAnActiveSubscriptionWithNothingInTheWay()
    {
        var option = Check(A.Customer().With(Source), BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer);

        Assert.True(option.IsEligible);
        Assert.Empty(option.UpgradeErrors);
        Assert.Equal(10, option.Quantity);
        Assert.Equal("Office 365 Business Premium", option.TargetOfferName);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Suspended, SubscriptionStatusNotActive)]
    [InlineData(SubscriptionStatus.Cancelled, SubscriptionStatusNotActive)]
    [InlineData(SubscriptionStatus.Pending, SubscriptionNotProvisioned)]
    public void RejectsASubscriptionThatIsNotActive(SubscriptionStatus status, string expected)
    {
        var customer = A.Customer().With(Source with { Status = status });

        foreach (var type in new[] { UpgradeType.UpgradeOnly, UpgradeType.UpgradeWithLicenseTransfer })
        {
            Assert.Equal([expected], Codes(Check(customer, BusinessPremium, type)));
        }
    }

    [Fact]
    public void RejectsWithoutDelegatedAdminForTheCustomer()
    {
        var option = Check(A.Customer().WithoutDelegatedAdmin().With(Source), E3, UpgradeType.UpgradeOnly);

        Assert.Equal([DelegatedAdminPermissionsDisabled], Codes(option));
    }

    [Fact]
    public void RejectsWhenDelegatedAdminLacksAServiceOfTheTarget()
    {
        var customer = A.Customer().WithDelegatedAdminExcept(ServiceKind.PhoneSystem).With(Source).Build();

        var toE5 = Check(customer, E5, UpgradeType.UpgradeOnly);
        var toE3 = Check(customer, E3, UpgradeType.UpgradeOnly);

        var error = Assert.Single(toE5.UpgradeErrors);
        Assert.Equal(DelegatedAdminPermissionsDisabled, error.Code);
        Assert.Equal("missing for: PhoneSystem", error.AdditionalDetails);
        Assert.True(toE3.IsEligible);
    }

    [Fact]
    public void ConflictingServicesBlockLicenseTransferButNotUpgradeOnly()
    {
        // E1 from another partner already brings Exchange, SharePoint and Teams, which Business Premium adds to Business.
        var customer = A.Customer().With(Source).With(A.Subscription(E1).WithId("e1-contoso").ThroughOtherPartner("Contoso"));

        var withTransfer = Check(customer, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer);
        var upgradeOnly = Check(customer, BusinessPremium, UpgradeType.UpgradeOnly);

        var error = Assert.Single(withTransfer.UpgradeErrors);
        Assert.Equal(ConflictingServiceTypes, error.Code);
        Assert.Equal(
            "Office 365 Enterprise E1 owned through another partner (Contoso): subscription e1-contoso already includes ExchangeMailbox, SharePoint, Teams",
            error.AdditionalDetails);
        Assert.True(upgradeOnly.IsEligible);
    }

    [Fact]
    public void ASubscriptionWithOnlyServicesTheSourceAlreadyHasDoesNotConflict()
    {
        var customer = A.Customer().With(Source).With(A.Subscription(ProPlus).ThroughOtherPartner("Contoso"));

        Assert.True(Check(customer, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer).IsEligible);
    }

    [Fact]
    public void ReportsOneConflictPerConflictingSubscription()
    {
        var customer = A.Customer().With(Source).With(A.Subscription(E1).BoughtDirect(), A.Subscription(BusinessEssentials).Suspended());

        Assert.Equal([ConflictingServiceTypes, ConflictingServiceTypes], Codes(Check(customer, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer)));
    }

    [Fact]
    public void RejectsASubscriptionWithAddOns()
    {
        var option = Check(A.Customer().With(A.Subscription(Business).WithId("source").WithAddOn("extra-storage")), E3, UpgradeType.UpgradeOnly);

        var error = Assert.Single(option.UpgradeErrors);
        Assert.Equal(SubscriptionAddOnsPresent, error.Code);
        Assert.Equal("extra-storage", error.AdditionalDetails);
    }

    [Theory]
    [InlineData("other-partner", "owned through another partner (Contoso): subscription copy")]
    [InlineData("direct", "bought directly from Microsoft: subscription copy")]
    [InlineData("this-partner", "owned through this partner: subscription copy")]
    public void RejectsATargetTheCustomerAlreadyOwnsAndSaysThroughWhichChannel(string channel, string expectedDetails)
    {
        var copy = A.Subscription(E3).WithId("copy");
        copy = channel switch
        {
            "other-partner" => copy.ThroughOtherPartner("Contoso"),
            "direct" => copy.BoughtDirect(),
            _ => copy,
        };
        var customer = A.Customer().With(Source).With(copy);

        foreach (var type in new[] { UpgradeType.UpgradeOnly, UpgradeType.UpgradeWithLicenseTransfer })
        {
            var error = Assert.Single(Check(customer, E3, type).UpgradeErrors);
            Assert.Equal(TargetOfferAlreadyOwned, error.Code);
            Assert.Equal(expectedDetails, error.AdditionalDetails);
        }
    }

    [Theory]
    [InlineData(SubscriptionStatus.Suspended, false)]
    [InlineData(SubscriptionStatus.Pending, false)]
    [InlineData(SubscriptionStatus.Cancelled, true)]
    public void ASuspendedOrPendingCopyIsStillOwnedButACancelledOneIsNot(SubscriptionStatus copyStatus, bool eligible)
    {
        var customer = A.Customer().With(Source).With(A.Subscription(E3).ThroughOtherPartner("Contoso").Build() with { Status = copyStatus });

        Assert.Equal(eligible, Check(customer, E3, UpgradeType.UpgradeOnly).IsEligible);
    }

    [Fact]
    public void ASubscriptionOfAnOfferNotInTheCatalogConflictsWithNothing()
    {
        var customer = A.Customer().With(Source).With(A.Subscription("o365-kiosk").ThroughOtherPartner("Contoso"));

        Assert.True(Check(customer, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer).IsEligible);
    }

    [Fact]
    public void ACancelledSubscriptionConflictsWithNothing()
    {
        var customer = A.Customer().With(Source).With(A.Subscription(E1).Cancelled());

        Assert.True(Check(customer, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer).IsEligible);
    }

    [Fact]
    public void RejectsASubscriptionHeldThroughAnotherPartner()
    {
        var customer = A.Customer().With(A.Subscription(Business).WithId("source").ThroughOtherPartner("Contoso"));

        var error = Assert.Single(Check(customer, E3, UpgradeType.UpgradeOnly).UpgradeErrors);
        Assert.Equal(SubscriptionNotManagedByPartner, error.Code);
    }

    [Fact]
    public void ReportsEveryReasonAtOnce()
    {
        var source = A.Subscription(Business).WithId("source").Suspended().WithAddOn("extra-storage");
        var customer = A.Customer()
            .WithoutDelegatedAdmin()
            .With(source)
            .With(A.Subscription(BusinessPremium).ThroughOtherPartner("Contoso"), A.Subscription(E1).BoughtDirect())
            .Build();

        var upgradeOnly = Check(customer, BusinessPremium, UpgradeType.UpgradeOnly);
        var withTransfer = Check(customer, BusinessPremium, UpgradeType.UpgradeWithLicenseTransfer);

        Assert.Equal(
            [SubscriptionStatusNotActive, SubscriptionAddOnsPresent, DelegatedAdminPermissionsDisabled, TargetOfferAlreadyOwned],
            Codes(upgradeOnly));
        Assert.Equal(
            [SubscriptionStatusNotActive, SubscriptionAddOnsPresent, DelegatedAdminPermissionsDisabled, TargetOfferAlreadyOwned, ConflictingServiceTypes],
            Codes(withTransfer));
    }

    [Fact]
    public void EvaluateReportsTheReasonsOnEveryOption()
    {
        var customer = A.Customer().WithoutDelegatedAdmin().With(Source with { Status = SubscriptionStatus.Suspended });

        var result = UpgradeEligibility.Evaluate(DefaultCatalog, customer, Source.Id);

        Assert.Equal(8, result.Options.Count);
        Assert.All(result.Options, option => Assert.Equal([SubscriptionStatusNotActive, DelegatedAdminPermissionsDisabled], Codes(option)));
    }

    [Fact]
    public void EveryErrorHasADescription()
    {
        var customer = A.Customer().WithoutDelegatedAdmin().With(A.Subscription(Business).WithId("source").Suspended().WithAddOn("x"), A.Subscription(E3).BoughtDirect());

        var option = Check(customer, E3, UpgradeType.UpgradeWithLicenseTransfer);

        Assert.NotEmpty(option.UpgradeErrors);
        Assert.All(option.UpgradeErrors, error => Assert.False(string.IsNullOrWhiteSpace(error.Description)));
    }

    [Fact]
    public void AskingAboutASubscriptionTheCustomerDoesNotHaveIsAProgrammingError()
    {
        Assert.Throws<ArgumentException>(() => UpgradeEligibility.Evaluate(DefaultCatalog, A.Customer().With(Source), new SubscriptionId("nope")));
    }

    [Fact]
    public void AnotherOperationHoldingTheSubscriptionBlocksEveryOptionUntilItFinishes()
    {
        var customer = A.Customer().With(Source).Build();

        var result = UpgradeEligibility.Evaluate(DefaultCatalog, customer, Source.Id, heldBy: new OperationId("op-running"));

        Assert.All(result.Options, option =>
        {
            var error = Assert.Single(option.UpgradeErrors);
            Assert.Equal(ConcurrencyConflicts, error.Code);
            Assert.Contains("op-running", error.AdditionalDetails, StringComparison.Ordinal);
        });
    }
}
