using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Customers;

/// <summary>A user holding one of the subscription's licenses, and the services enabled on that license.</summary>
public sealed record AssignedUser(UserObjectId UserObjectId, string Name, string Email, IReadOnlyList<ServiceKind> Services);
