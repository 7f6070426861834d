using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Domain.Eligibility;

/// <summary>A subscription that already includes <see cref="Services"/>, which an upgrade's target would add.</summary>
internal sealed record ServiceConflict(Subscription Subscription, Offer Offer, IReadOnlyList<ServiceKind> Services);
