using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Builders;

/// <summary>The default catalog and its offer ids, by the names DESIGN §1 uses.</summary>
public static class Offers
{
    public const string Business = "o365-business";
    public const string BusinessPremium = "o365-business-premium";
    public const string BusinessEssentials = "o365-business-essentials";
    public const string ProPlus = "o365-proplus";
    public const string E1 = "o365-enterprise-e1";
    public const string E3 = "o365-enterprise-e3";
    public const string E5 = "o365-enterprise-e5";
    public const string BusinessIndia = "o365-business-india";
    public const string BusinessPremiumIndia = "o365-business-premium-india";
    public const string BusinessEssentialsIndia = "o365-business-essentials-india";

    public static readonly string[] All =
    [
        Business, BusinessPremium, BusinessEssentials, ProPlus, E1, E3, E5,
        BusinessIndia, BusinessPremiumIndia, BusinessEssentialsIndia,
    ];

    public static OfferCatalog DefaultCatalog { get; } = OfferCatalog.LoadDefault();

    public static OfferId Id(string offer) => new(offer);
}
