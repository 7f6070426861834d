using CspUpgrades.Domain.Catalog;

namespace CspUpgrades.Domain.Customers;

/// <summary>
/// What a partner knows of its customer besides subscriptions: region, the partner's delegated admin grant, the name, and
/// the country (ISO 3166-1 alpha-2, as Partner Center's billing profile gives it; null when the sync source did not say).
/// </summary>
public sealed record CustomerProfile(Region Region, DelegatedAdminGrant DelegatedAdmin, string? CompanyName = null, string? Country = null);
