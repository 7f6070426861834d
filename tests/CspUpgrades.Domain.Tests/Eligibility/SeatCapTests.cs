using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Eligibility;

/// <summary>Business-family plans: at most 300 seats per customer across the family.</summary>
public class SeatCapTests
{
    private static readonly DateOnly Today = new(2024, 3, 10);

    // The default catalog has no path into the Business family from outside it; an operator may add one.
    private static readonly OfferCatalog CatalogWithE1ToBusinessPremium = OfferCatalog.Load($$"""
        {"offers": [
          {"id": "{{E1}}", "displayName": "Office 365 Enterprise E1", "family": "Enterprise", "region": "Global",
           "services": ["ExchangeMailbox", "SharePoint", "OneDrive", "Teams", "OfficeWebApps"], "upgradeTargets": ["{{BusinessPremium}}"],
           "listPrices": {"USD": "8.00"} },
          {"id": "{{BusinessPremium}}", "displayName": "Office 365 Business Premium", "family": "Business", "region": "Global",
           "services": ["ExchangeMailbox", "SharePoint", "OneDrive", "Teams", "OfficeWebApps", "OfficeDesktopApps"],
           "listPrices": {"USD": "12.50"} },
          {"id": "{{BusinessEssentials}}", "displayName": "Office 365 Business Essentials", "family": "Business", "region": "Global",
           "services": ["ExchangeMailbox", "SharePoint", "OneDrive", "Teams", "OfficeWebApps"],
           "listPrices": {"USD": "5.00"} }
        ]}
        """);

    private static AddLicensesResult AddLicenses(int heldSeats, int adding)
    {
        var subscription = A.Subscription(BusinessPremium).WithQuantity(heldSeats).Build();
        return LicenseAddition.Plan(DefaultCatalog, A.Customer().With(subscription), subscription.Id, adding, new OperationId("op-1"), Today);
    }

    [Theory]
    [InlineData(299, 1, true)]
    [InlineData(300, 1, false)]
    [InlineData(299, 2, false)]
    [InlineData(301, 1, false)]
    public void AddingLicensesMayNotTakeTheFamilyPast300(int heldSeats, int adding, bool allowed)
    {
        var result = AddLicenses(heldSeats, adding);

        Assert.Equal(allowed, result.IsPlanned);
        Assert.Equal(allowed ? [] : [UpgradeErrorCodes.SeatLimitExceeded], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void TheSeatLimitErrorSaysHowManyMoreFit()
    {
        var error = Assert.Single(AddLicenses(290, 20).Errors);

        Assert.Equal("the customer holds 290 Business-family seats; 20 more would make 310 (at most 10 more fit)", error.AdditionalDetails);
    }

    [Fact]
    public void CountsHeldBusinessSeatsOfEveryChannelButNotCancelledOrEnterpriseSeats()
    {
        var customer = A.Customer().With(
            A.Subscription(Business).WithQuantity(100),
            A.Subscription(BusinessEssentials).WithQuantity(50).ThroughOtherPartner("Contoso"),
            A.Subscription(BusinessPremium).WithQuantity(40).BoughtDirect().Suspended(),
            A.Subscription(BusinessPremiumIndia).WithQuantity(5).Pending(),
            A.Subscription(BusinessPremium).WithQuantity(1000).Cancelled(),
            A.Subscription(E3).WithQuantity(1000)).Build();

        Assert.Equal(195, BusinessSeatCap.SeatsInFamily(DefaultCatalog, customer));
        Assert.Equal(105, BusinessSeatCap.Headroom(DefaultCatalog, customer));
    }

    [Fact]
    public void AddingLicensesToAnEnterprisePlanIsNotCapped()
    {
        var subscription = A.Subscription(E3).WithQuantity(5000).Build();

        var result = LicenseAddition.Plan(DefaultCatalog, A.Customer().With(subscription, A.Subscription(Business).WithQuantity(300)), subscription.Id, 100, new OperationId("op-1"), Today);

        Assert.True(result.IsPlanned);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(301)]
    public void MovingSeatsBetweenBusinessPlansIsNetZeroEvenAtOrOverTheLimit(int seats)
    {
        var source = A.Subscription(BusinessEssentials).WithQuantity(seats).Build();

        var option = UpgradeEligibility.EvaluateTarget(DefaultCatalog, A.Customer().With(source), source.Id, Id(BusinessPremium), UpgradeType.UpgradeOnly);

        Assert.True(option.IsEligible);
        Assert.Equal(seats, option.Quantity);
    }

    [Theory]
    [InlineData(49, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    public void MovingSeatsIntoTheFamilyMayNotTakeItPast300(int moving, bool allowed)
    {
        // 250 Business seats held; moving 49, 50 or 51 E1 seats makes 299, 300 or 301.
        var source = A.Subscription(E1).WithQuantity(60).Build();
        var customer = A.Customer().With(source, A.Subscription(BusinessEssentials).WithQuantity(250)).Build();

        var option = UpgradeEligibility.EvaluateTarget(CatalogWithE1ToBusinessPremium, customer, source.Id, Id(BusinessPremium), UpgradeType.UpgradeOnly, moving);

        Assert.Equal(allowed, option.IsEligible);
        Assert.Equal(allowed ? [] : [UpgradeErrorCodes.SeatLimitExceeded], option.UpgradeErrors.Select(e => e.Code));
        Assert.Equal(50, option.Quantity);
    }

    [Fact]
    public void TheListOffersAPartialUpgradeUpToTheSeatsThatStillFit()
    {
        var source = A.Subscription(E1).WithQuantity(60).Build();
        var customer = A.Customer().With(source, A.Subscription(BusinessEssentials).WithQuantity(250)).Build();

        var option = Assert.Single(UpgradeEligibility.Evaluate(CatalogWithE1ToBusinessPremium, customer, source.Id).Options, o => o.UpgradeType == UpgradeType.UpgradeOnly);
        var whole = UpgradeEligibility.EvaluateTarget(CatalogWithE1ToBusinessPremium, customer, source.Id, Id(BusinessPremium), UpgradeType.UpgradeOnly);

        Assert.True(option.IsEligible);
        Assert.Equal(50, option.Quantity);
        Assert.Equal([UpgradeErrorCodes.SeatLimitExceeded], whole.UpgradeErrors.Select(e => e.Code));
    }

    [Fact]
    public void TheListRefusesWhenNoSeatFits()
    {
        var source = A.Subscription(E1).WithQuantity(60).Build();
        var customer = A.Customer().With(source, A.Subscription(BusinessEssentials).WithQuantity(300)).Build();

        var option = UpgradeEligibility.Evaluate(CatalogWithE1ToBusinessPremium, customer, source.Id).Options[0];

        Assert.False(option.IsEligible);
        Assert.Equal(0, option.Quantity);
        Assert.Equal(UpgradeErrorCodes.SeatLimitExceeded, Assert.Single(option.UpgradeErrors).Code);
    }
}
