using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Catalog;

/// <summary>Invalid catalog data is refused at load, naming the offer and the field.</summary>
public class CatalogValidationTests
{
    // Each case changes the shipped catalog in one way an operator could get wrong.
    // Offers: [0] o365-business, [1] o365-business-premium, … [7] o365-business-india.
    private static readonly Dictionary<string, (Action<JsonArray> Break, string Offer, string Field)> Cases = new()
    {
        ["missing id"] = (o => o[1]!.AsObject().Remove("id"), "#2", "id"),
        ["id that is not kebab-case"] = (o => o[1]!["id"] = "Office 365 Business Premium", "#2", "id"),
        ["id with a key-breaking character"] = (o => o[1]!["id"] = "o365/business", "#2", "id"),
        ["duplicate id"] = (o => o[1]!["id"] = "o365-business", "o365-business", "id"),
        ["missing display name"] = (o => o[2]!.AsObject().Remove("displayName"), "o365-business-essentials", "displayName"),
        ["alias used by another offer"] = (o => o[1]!["aliases"] = new JsonArray("Microsoft 365 Apps for business"), "o365-business-premium", "aliases"),
        ["alias equal to another display name"] = (o => o[1]!["aliases"] = new JsonArray("office 365 business"), "o365-business-premium", "aliases"),
        ["display name equal to its own alias"] = (o => o[0]!["aliases"] = new JsonArray("Office 365 Business"), "o365-business", "aliases"),
        ["unknown service"] = (o => o[4]!["services"]!.AsArray().Add("Fax"), "o365-enterprise-e1", "services"),
        ["no services"] = (o => o[4]!["services"] = new JsonArray(), "o365-enterprise-e1", "services"),
        ["services not an array"] = (o => o[4]!["services"] = "ExchangeMailbox", "o365-enterprise-e1", "services"),
        ["repeated service"] = (o => o[4]!["services"]!.AsArray().Add("Teams"), "o365-enterprise-e1", "services"),
        ["unknown target"] = (o => o[0]!["upgradeTargets"]!.AsArray().Add("o365-enterprise-e7"), "o365-business", "upgradeTargets"),
        ["self target"] = (o => o[0]!["upgradeTargets"]!.AsArray().Add("o365-business"), "o365-business", "upgradeTargets"),
        ["repeated target"] = (o => o[0]!["upgradeTargets"]!.AsArray().Add("o365-enterprise-e3"), "o365-business", "upgradeTargets"),
        ["India edition targeting the global Business Premium"] = (o => o[7]!["upgradeTargets"]!.AsArray().Add("o365-business-premium"), "o365-business-india", "upgradeTargets"),
        ["global edition targeting Business Premium India"] = (o => o[0]!["upgradeTargets"]!.AsArray().Add("o365-business-premium-india"), "o365-business", "upgradeTargets"),
        ["unknown family"] = (o => o[3]!["family"] = "Education", "o365-proplus", "family"),
        ["family given as a number"] = (o => o[3]!["family"] = "1", "o365-proplus", "family"),
        ["missing region"] = (o => o[3]!.AsObject().Remove("region"), "o365-proplus", "region"),
        ["unknown region"] = (o => o[3]!["region"] = "Atlantis", "o365-proplus", "region"),
        ["misspelt field"] = (o => o[5]!["upgradeTarget"] = new JsonArray(), "o365-enterprise-e3", "upgradeTarget"),
        ["price with an unknown currency"] = (o => o[6]!["listPrices"]!["XYZ"] = "1.00", "o365-enterprise-e5", "listPrices"),
        ["price with more digits than its currency"] = (o => o[6]!["listPrices"]!["USD"] = "35.001", "o365-enterprise-e5", "listPrices"),
        ["negative price"] = (o => o[6]!["listPrices"]!["USD"] = "-1.00", "o365-enterprise-e5", "listPrices"),
        ["price given as a number"] = (o => o[6]!["listPrices"]!["USD"] = 35, "o365-enterprise-e5", "listPrices"),
        ["prices not an object"] = (o => o[6]!["listPrices"] = "35.00 USD", "o365-enterprise-e5", "listPrices"),
        ["offer that is not an object"] = (o => o[5] = "o365-enterprise-e3", "#6", "(offer)"),
        ["id given as a number"] = (o => o[1]!["id"] = 7, "#2", "id"),
        ["null id"] = (o => o[1]!["id"] = null, "#2", "id"),
        ["id in upper case"] = (o => o[1]!["id"] = "O365-Business-Premium", "#2", "id"),
        ["id with an underscore"] = (o => o[1]!["id"] = "o365_business_premium", "#2", "id"),
        ["id with a leading dash"] = (o => o[1]!["id"] = "-o365", "#2", "id"),
        ["id with a trailing dash"] = (o => o[1]!["id"] = "o365-", "#2", "id"),
        ["id with a double dash"] = (o => o[1]!["id"] = "o365--premium", "#2", "id"),
        ["id longer than 64 characters"] = (o => o[1]!["id"] = new string('a', 65), "#2", "id"),
        ["blank display name"] = (o => o[2]!["displayName"] = "  ", "o365-business-essentials", "displayName"),
        ["display name given as a number"] = (o => o[2]!["displayName"] = 3, "o365-business-essentials", "displayName"),
        ["aliases not an array"] = (o => o[2]!["aliases"] = "Basic", "o365-business-essentials", "aliases"),
        ["alias that is not a string"] = (o => o[2]!["aliases"] = new JsonArray("Basic", 1), "o365-business-essentials", "aliases"),
        ["blank alias"] = (o => o[2]!["aliases"] = new JsonArray("Basic", " "), "o365-business-essentials", "aliases"),
        ["display name equal to another display name"] = (o => o[2]!["displayName"] = "Office 365 Business", "o365-business-essentials", "displayName"),
        ["missing services"] = (o => o[4]!.AsObject().Remove("services"), "o365-enterprise-e1", "services"),
        ["null services"] = (o => o[4]!["services"] = null, "o365-enterprise-e1", "services"),
        ["service given as a number"] = (o => o[4]!["services"] = new JsonArray(0), "o365-enterprise-e1", "services"),
        ["missing family"] = (o => o[3]!.AsObject().Remove("family"), "o365-proplus", "family"),
        ["target that is not an offer id"] = (o => o[0]!["upgradeTargets"]!.AsArray().Add("O365 Enterprise E7"), "o365-business", "upgradeTargets"),
        ["targets not an array"] = (o => o[0]!["upgradeTargets"] = "o365-enterprise-e3", "o365-business", "upgradeTargets"),
        ["price too large for a long"] = (o => o[6]!["listPrices"]!["USD"] = "99999999999999999999", "o365-enterprise-e5", "listPrices"),
        ["price whose annual price is over the maximum"] = (o => o[6]!["listPrices"]!["JPY"] = "83334", "o365-enterprise-e5", "listPrices"),
        ["price given as null"] = (o => o[6]!["listPrices"]!["USD"] = null, "o365-enterprise-e5", "listPrices"),
    };

    // Each case changes the shipped catalog in a way that is unusual but unambiguous, and must still load.
    private static readonly Dictionary<string, (Action<JsonArray> Change, Action<OfferCatalog> Check)> Accepted = new()
    {
        ["no aliases"] = (o => o[4]!.AsObject().Remove("aliases"), c => Assert.Empty(c.Find(new("o365-enterprise-e1"))!.Aliases)),
        ["null aliases"] = (o => o[4]!["aliases"] = null, c => Assert.Empty(c.Find(new("o365-enterprise-e1"))!.Aliases)),
        ["no targets"] = (o => o[4]!.AsObject().Remove("upgradeTargets"), c => Assert.Empty(c.Find(new("o365-enterprise-e1"))!.UpgradeTargets)),
        ["no prices"] = (o => o[4]!.AsObject().Remove("listPrices"), c => Assert.Empty(c.Find(new("o365-enterprise-e1"))!.ListPrices)),
        ["null prices"] = (o => o[4]!["listPrices"] = null, c => Assert.Empty(c.Find(new("o365-enterprise-e1"))!.ListPrices)),
        ["a free offer"] = (o => o[4]!["listPrices"] = new JsonObject { ["USD"] = "0.00" }, c => Assert.Equal(Money.Zero(CurrencyCode.Usd), c.Find(new("o365-enterprise-e1"))!.ListPrices[CurrencyCode.Usd])),
        ["the largest monthly price whose annual price is within the maximum"] = (
            o => o[4]!["listPrices"] = new JsonObject { ["USD"] = "83333.33", ["JPY"] = "83333" },
            c => Assert.Equal([Money.Parse("83333.33 USD"), Money.Parse("83333 JPY")], c.Find(new("o365-enterprise-e1"))!.ListPrices.Values)),
        ["names, aliases and targets with spaces around them"] = (
            o =>
            {
                o[4]!["displayName"] = "  Office 365 Enterprise E1 ";
                o[4]!["aliases"] = new JsonArray(" Microsoft 365 E1  ");
            },
            c => Assert.Equal(("Office 365 Enterprise E1", "Microsoft 365 E1"), (c.Find(new("o365-enterprise-e1"))!.DisplayName, c.Find(new("o365-enterprise-e1"))!.Aliases.Single()))),
        ["family, region and services in any case"] = (
            o =>
            {
                o[4]!["family"] = "enterprise";
                o[4]!["region"] = "GLOBAL";
                o[4]!["services"] = new JsonArray("exchangemailbox");
            },
            c => Assert.Equal((OfferFamily.Enterprise, Region.Global, ServiceKind.ExchangeMailbox), (c.Find(new("o365-enterprise-e1"))!.Family, c.Find(new("o365-enterprise-e1"))!.Region, c.Find(new("o365-enterprise-e1"))!.Services.Single()))),
        ["an id with digits"] = (o => o[9]!["id"] = "essentials-india-2024", c => Assert.NotNull(c.Find(new("essentials-india-2024")))),
    };

    public static TheoryData<string> AcceptedNames() => new(Accepted.Keys);

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void LoadsUnusualButUnambiguousData(string caseName)
    {
        var (change, check) = Accepted[caseName];
        var catalog = JsonNode.Parse(DefaultJson())!;
        change(catalog["offers"]!.AsArray());

        check(OfferCatalog.Load(catalog.ToJsonString()));
    }

    [Theory]
    [InlineData("misspelt field", "id, displayName, aliases, family, region, services, upgradeTargets, listPrices")]
    [InlineData("unknown service", "ExchangeMailbox, SharePoint")]
    [InlineData("unknown family", "Business, Enterprise")]
    public void ARefusalOfAnUnknownNameListsTheKnownOnes(string caseName, string known)
    {
        var catalog = JsonNode.Parse(DefaultJson())!;
        Cases[caseName].Break(catalog["offers"]!.AsArray());

        var error = Assert.Throws<CatalogValidationException>(() => OfferCatalog.Load(catalog.ToJsonString()));

        Assert.Contains(known, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameUsedTwiceNamesTheOfferThatHasItOnlyWhenItIsAnother()
    {
        var taken = JsonNode.Parse(DefaultJson())!;
        Cases["alias used by another offer"].Break(taken["offers"]!.AsArray());
        var repeated = JsonNode.Parse(DefaultJson())!;
        Cases["display name equal to its own alias"].Break(repeated["offers"]!.AsArray());

        var byAnother = Assert.Throws<CatalogValidationException>(() => OfferCatalog.Load(taken.ToJsonString()));
        var byItself = Assert.Throws<CatalogValidationException>(() => OfferCatalog.Load(repeated.ToJsonString()));

        Assert.Contains("is already a name of offer 'o365-business'", byAnother.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("is already a name of offer", byItself.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadsCommentsAndTrailingCommas()
    {
        var json = DefaultJson().Replace("\"offers\": [", "// the offers\n  \"offers\": [", StringComparison.Ordinal).Replace("\n  ]\n}", ",\n  ]\n}", StringComparison.Ordinal);

        Assert.Contains("// the offers", json, StringComparison.Ordinal);
        Assert.Equal(10, OfferCatalog.Load(json).Offers.Count);
    }

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void RefusesInvalidDataNamingTheOfferAndTheField(string caseName)
    {
        var (breakIt, offer, field) = Cases[caseName];
        var catalog = JsonNode.Parse(DefaultJson())!;
        breakIt(catalog["offers"]!.AsArray());

        var error = Assert.Throws<CatalogValidationException>(() => OfferCatalog.Load(catalog.ToJsonString()));

        Assert.Equal((offer, field), (error.Offer, error.Field));
        Assert.Matches($"offer '{Regex.Escape(offer)}', field '{Regex.Escape(field)}': \\S", error.Message);
    }

    [Theory]
    [InlineData("{", "(document)")]
    [InlineData("[]", "offers")]
    [InlineData("{\"offers\": {}}", "offers")]
    [InlineData("{\"offers\": []}", "offers")]
    [InlineData("{}", "offers")]
    [InlineData("{\"catalog\": []}", "offers")]
    [InlineData("null", "offers")]
    public void RefusesADocumentThatIsNotACatalog(string json, string field)
    {
        var error = Assert.Throws<CatalogValidationException>(() => OfferCatalog.Load(json));

        Assert.Equal((CatalogValidationException.WholeCatalog, field), (error.Offer, error.Field));
        Assert.Matches($"field '{Regex.Escape(field)}': \\S", error.Message);
    }

    [Fact]
    public void TheShippedCatalogIsUnchangedByTheseTests()
    {
        Assert.Equal(10, OfferCatalog.Load(DefaultJson()).Offers.Count);
    }

    private static string DefaultJson()
    {
        using var stream = typeof(OfferCatalog).Assembly.GetManifestResourceStream(OfferCatalog.DefaultResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
