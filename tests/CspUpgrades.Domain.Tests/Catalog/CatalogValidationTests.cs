using System.Text.Json.Nodes;
using CspUpgrades.Domain.Catalog;

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
    };

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
        Assert.Contains($"offer '{offer}', field '{field}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "(document)")]
    [InlineData("[]", "offers")]
    [InlineData("{\"offers\": {}}", "offers")]
    [InlineData("{\"offers\": []}", "offers")]
    public void RefusesADocumentThatIsNotACatalog(string json, string field)
    {
        var error = Assert.Throws<CatalogValidationException>(() => OfferCatalog.Load(json));

        Assert.Equal((CatalogValidationException.WholeCatalog, field), (error.Offer, error.Field));
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
