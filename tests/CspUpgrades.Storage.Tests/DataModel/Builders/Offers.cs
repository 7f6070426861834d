using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>Offer ids of the shipped catalog, by the names DESIGN §1 uses.</summary>
public static class Offers
{
    public static readonly OfferId Business = new("o365-business");
    public static readonly OfferId BusinessPremium = new("o365-business-premium");
    public static readonly OfferId BusinessEssentials = new("o365-business-essentials");
    public static readonly OfferId E1 = new("o365-enterprise-e1");
    public static readonly OfferId E3 = new("o365-enterprise-e3");
    public static readonly OfferId E5 = new("o365-enterprise-e5");
}
