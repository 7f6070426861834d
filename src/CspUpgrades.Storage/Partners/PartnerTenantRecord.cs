using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Partners;

/// <summary>A partner's Microsoft Entra ID tenant: access tokens whose <c>tid</c> is <paramref name="TenantId"/> act for <paramref name="PartnerId"/>.</summary>
public sealed record PartnerTenantRecord(Guid TenantId, PartnerId PartnerId, DateTimeOffset AddedAt);
