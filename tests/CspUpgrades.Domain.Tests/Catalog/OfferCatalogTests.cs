using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Tests.Builders;
using static CspUpgrades.Domain.Tests.Builders.Offers;

namespace CspUpgrades.Domain.Tests.Catalog;

public class OfferCatalogTests
{
    [Fact]
    public void TheDefaultCatalogHasEveryOfferOfTheDesign()
    {
        var catalog = OfferCatalog.LoadDefault();

        Assert.Equal(All.Order(), catalog.Offers.Select(o => o.Id.Value).Order());
        Assert.Equal(10, catalog.Offers.Count);
    }

    [Theory]
    [InlineData(Business, OfferFamily.Business, Region.Global)]
    [InlineData(BusinessPremium, OfferFamily.Business, Region.Global)]
    [InlineData(BusinessEssentials, OfferFamily.Business, Region.Global)]
    [InlineData(ProPlus, OfferFamily.Enterprise, Region.Global)]
    [InlineData(E1, OfferFamily.Enterprise, Region.Global)]
    [InlineData(E3, OfferFamily.Enterprise, Region.Global)]
    [InlineData(E5, OfferFamily.Enterprise, Region.Global)]
    [InlineData(BusinessIndia, OfferFamily.Business, Region.India)]
    [InlineData(BusinessPremiumIndia, OfferFamily.Business, Region.India)]
    [InlineData(BusinessEssentialsIndia, OfferFamily.Business, Region.India)]
    public void EachOfferHasItsFamilyAndRegion(string offer, OfferFamily family, Region region)
    {
        var found = DefaultCatalog.Find(Id(offer))!;

        Assert.Equal((family, region), (found.Family, found.Region));
    }

    [Theory]
    [InlineData("Office 365 Business", Business)]
    [InlineData("Microsoft 365 Apps for business", Business)]
    [InlineData("Office 365 Business Premium", BusinessPremium)]
    [InlineData("Microsoft 365 Business Standard", BusinessPremium)]
    [InlineData("Office 365 Business Essentials", BusinessEssentials)]
    [InlineData("Microsoft 365 Business Basic", BusinessEssentials)]
    [InlineData("Office 365 ProPlus", ProPlus)]
    [InlineData("Microsoft 365 Apps for enterprise", ProPlus)]
    [InlineData("Office 365 Enterprise E3", E3)]
    [InlineData("Office 365 E3", E3)]
    [InlineData("Office 365 Business Premium India", BusinessPremiumIndia)]
    [InlineData("Microsoft 365 Business Standard India", BusinessPremiumIndia)]
    [InlineData("  microsoft 365 BUSINESS standard ", BusinessPremium)]
    public void ResolvesDisplayNamesAndThe2020NamesIgnoringCase(string name, string expected)
    {
        Assert.Equal(Id(expected), DefaultCatalog.FindByName(name)?.Id);
        Assert.Equal(Id(expected), DefaultCatalog.Resolve(name)?.Id);
    }

    [Fact]
    public void ResolvesIdsIgnoringCase()
    {
        Assert.Equal(Id(E5), DefaultCatalog.Resolve("O365-Enterprise-E5")?.Id);
        Assert.Equal(Id(E5), DefaultCatalog.Find(new("O365-ENTERPRISE-E5"))?.Id);
    }

    [Fact]
    public void UnknownNamesAndIdsResolveToNothing()
    {
        Assert.Null(DefaultCatalog.Resolve("Office 365 Business Ultimate"));
        Assert.Null(DefaultCatalog.Resolve(null));
        Assert.Null(DefaultCatalog.Find(new("o365-unknown")));
        Assert.Null(DefaultCatalog.Find(default));
    }

    [Fact]
    public void E5IsTheOnlyOfferWithPhoneSystemAndAdvancedSecurity()
    {
        var withBoth = DefaultCatalog.Offers.Where(o => o.Includes(ServiceKind.PhoneSystem) && o.Includes(ServiceKind.AdvancedSecurity));

        Assert.Equal([Id(E5)], withBoth.Select(o => o.Id));
    }

    [Fact]
    public void TargetsAreReturnedInCatalogOrder()
    {
        var targets = DefaultCatalog.TargetsOf(DefaultCatalog.Find(Id(BusinessEssentials))!);

        Assert.Equal([BusinessPremium, E1, E3, E5], targets.Select(t => t.Id.Value));
    }

    [Fact]
    public void AnOperatorCanAddAnOfferWithoutACodeChange()
    {
        var json = """
            {"offers": [
              {"id": "m365-e3", "displayName": "Microsoft 365 E3", "family": "Enterprise", "region": "Global",
               "services": ["ExchangeMailbox", "Teams", "OfficeDesktopApps"], "upgradeTargets": ["m365-e5"]},
              {"id": "m365-e5", "displayName": "Microsoft 365 E5", "family": "Enterprise", "region": "Global",
               "services": ["ExchangeMailbox", "Teams", "OfficeDesktopApps", "PhoneSystem"], "listPrices": {"USD": "57.00"}}
            ]}
            """;
        var catalog = OfferCatalog.Load(json);
        var source = A.Subscription("m365-e3").Build();

        var option = UpgradeEligibility.EvaluateTarget(catalog, A.Customer().With(source), source.Id, new("m365-e5"), UpgradeType.UpgradeOnly);

        Assert.True(option.IsEligible);
    }

    [Fact]
    public void LoadsFromAStream()
    {
        using var stream = typeof(OfferCatalog).Assembly.GetManifestResourceStream(OfferCatalog.DefaultResourceName)!;

        Assert.Equal(10, OfferCatalog.Load(stream).Offers.Count);
    }

    [Fact]
    public void LoadingFromAStreamLeavesItOpenForItsOwner()
    {
        using var stream = typeof(OfferCatalog).Assembly.GetManifestResourceStream(OfferCatalog.DefaultResourceName)!;

        OfferCatalog.Load(stream);

        Assert.True(stream.CanRead);
        stream.Position = 0;
        Assert.Equal('{', (char)stream.ReadByte());
    }
}
