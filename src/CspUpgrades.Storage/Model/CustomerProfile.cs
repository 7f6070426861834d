using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Storage.Model;

/// <summary>The customer's row <c>profile</c>: region and the partner's delegated admin grant.</summary>
public sealed record CustomerProfile(Region Region, DelegatedAdminGrant DelegatedAdmin, string? CompanyName = null);
