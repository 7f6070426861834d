namespace CspUpgrades.Functions.Tests.Reliability;

/// <summary>
/// One customer of a load: a single subscription <see cref="Source"/> of <see cref="Offer"/> and the upgrade asked
/// for it. <see cref="CompetingTarget"/>, when set, is a second upgrade of the same subscription asked at the same time.
/// </summary>
public sealed record LoadCustomer(
    string Id, string Offer, int Quantity, string UnitPrice, string Target, string UpgradeType, int? RequestedQuantity, string? CompetingTarget)
{
    public const string Source = "source";

    /// <summary>Four shapes in turn: closing upgrades with and without license transfer, a partial one that reduces the source, and one from Premium.</summary>
    public static LoadCustomer Create(int index, bool competing) => (index % 4) switch
    {
        0 => new($"load-{index:D5}", "o365-business-essentials", 10 + (index % 30), "5.00", "o365-business-premium", "upgrade_only", null,
            competing ? "o365-enterprise-e3" : null),
        1 => new($"load-{index:D5}", "o365-business-essentials", 5 + (index % 40), "4.75", "o365-enterprise-e3", "upgrade_with_license_transfer", null,
            competing ? "o365-business-premium" : null),
        2 => new($"load-{index:D5}", "o365-business", 20 + (index % 7), "8.25", "o365-proplus", "upgrade_only", 5, null),
        _ => new($"load-{index:D5}", "o365-business-premium", 1 + (index % 12), "12.50", "o365-enterprise-e5", "upgrade_only", null, null),
    };

    /// <summary>How many seats the upgrade moves.</summary>
    public int MovedQuantity => RequestedQuantity ?? Quantity;
}
