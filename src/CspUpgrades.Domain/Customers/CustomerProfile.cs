using CspUpgrades.Domain.Catalog;

namespace CspUpgrades.Domain.Customers;

/// <summary>What a partner knows of its customer besides subscriptions: region, the partner's delegated admin grant, the name.</summary>
public sealed record CustomerProfile(Region Region, DelegatedAdminGrant DelegatedAdmin, string? CompanyName = null);
