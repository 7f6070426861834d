using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Domain.Planning;

/// <summary>Where every user assigned to the source ends up: moved, kept on the source, or a license error.</summary>
public sealed record LicenseTransferPlan(
    IReadOnlyList<AssignedUser> MovedAutomatically,
    IReadOnlyList<AssignedUser> RemainingOnSource,
    IReadOnlyList<LicenseError> LicenseErrors);
