using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Partners;

namespace CspUpgrades.Functions.Security;

/// <summary>Who a request comes from, by its credential: the partner, and what the credential grants.</summary>
public sealed record PartnerCaller(PartnerId Partner, PartnerPermission Permission)
{
    /// <summary>Write includes read.</summary>
    public bool Grants(PartnerPermission required) => Permission >= required;
}
