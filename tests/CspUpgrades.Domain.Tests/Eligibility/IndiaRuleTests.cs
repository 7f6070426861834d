using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Eligibility;

/// <summary>India editions upgrade to Business Premium India, never to the global Business Premium, and the reverse.</summary>
public class IndiaRuleTests
{
    private static UpgradeOption Check(string source, string target)
    {
        // India editions are sold in rupees: the catalog prices them in INR only.
        var subscription = A.Subscription(source).PricedAt("500.00 INR").Build();
        return UpgradeEligibility.EvaluateTarget(DefaultCatalog, A.Customer().With(subscription), subscription.Id, Id(target), UpgradeType.UpgradeOnly);
    }

    [Theory]
    [InlineData(BusinessIndia)]
    [InlineData(BusinessEssentialsIndia)]
    public void IndiaEditionsGoToBusinessPremiumIndia(string source)
    {
        Assert.True(Check(source, BusinessPremiumIndia).IsEligible);
    }

    [Theory]
    [InlineData(BusinessIndia)]
    [InlineData(BusinessEssentialsIndia)]
    public void IndiaEditionsNeverGoToTheGlobalBusinessPremium(string source)
    {
        var error = Assert.Single(Check(source, BusinessPremium).UpgradeErrors);

        Assert.Equal(UpgradeErrorCodes.RegionMismatch, error.Code);
        Assert.Contains("(India) cannot move to Office 365 Business Premium (Global)", error.AdditionalDetails, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Business)]
    [InlineData(BusinessEssentials)]
    public void GlobalEditionsNeverGoToBusinessPremiumIndia(string source)
    {
        Assert.Equal(UpgradeErrorCodes.RegionMismatch, Assert.Single(Check(source, BusinessPremiumIndia).UpgradeErrors).Code);
    }

    [Theory]
    [InlineData(BusinessIndia, ProPlus)]
    [InlineData(BusinessIndia, E3)]
    [InlineData(BusinessEssentialsIndia, E1)]
    [InlineData(BusinessEssentialsIndia, E5)]
    [InlineData(BusinessPremiumIndia, E3)]
    public void IndiaEditionsKeepTheirEnterpriseTargets(string source, string target)
    {
        Assert.True(Check(source, target).IsEligible);
    }

    [Fact]
    public void TheListForAnIndiaEditionNeverOffersTheGlobalBusinessPremium()
    {
        var subscription = A.Subscription(BusinessIndia).Build();

        var result = UpgradeEligibility.Evaluate(DefaultCatalog, A.Customer().With(subscription), subscription.Id);

        Assert.DoesNotContain(result.Options, option => option.TargetOffer == Id(BusinessPremium));
        Assert.Contains(result.Options, option => option.TargetOffer == Id(BusinessPremiumIndia));
    }
}
