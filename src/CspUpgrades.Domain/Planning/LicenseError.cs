using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Eligibility;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Planning;

/// <summary>A user the partner must reassign by hand after the upgrade, with the services involved and why.</summary>
public sealed record LicenseError(UserObjectId UserObjectId, string Name, string Email, IReadOnlyList<ServiceKind> Services, IReadOnlyList<UpgradeError> Errors);
