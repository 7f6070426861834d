using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Customers;

/// <summary>The channel of a subscription; for another partner, who it is (for messages only).</summary>
public sealed record SalesChannel(ChannelKind Kind, string? PartnerName = null, PartnerId? PartnerId = null)
{
    public static SalesChannel ThisPartner { get; } = new(ChannelKind.ThisPartner);

    public static SalesChannel Direct { get; } = new(ChannelKind.Direct);

    public static SalesChannel OtherPartner(string partnerName, PartnerId? partnerId = null) =>
        new(ChannelKind.OtherPartner, partnerName, partnerId);

    /// <summary>"owned through this partner", "owned through another partner (Contoso)", "bought directly from Microsoft".</summary>
    public string DescribeOwnership() => Kind switch
    {
        ChannelKind.ThisPartner => "owned through this partner",
        ChannelKind.OtherPartner => $"owned through another partner ({PartnerName ?? PartnerId?.Value ?? "unknown"})",
        _ => "bought directly from Microsoft",
    };
}
