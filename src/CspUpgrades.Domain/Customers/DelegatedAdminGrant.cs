using CspUpgrades.Domain.Catalog;

namespace CspUpgrades.Domain.Customers;

/// <summary>Whether the partner holds delegated admin privileges for the customer, and for which services.</summary>
public sealed record DelegatedAdminGrant(bool IsGranted, IReadOnlyList<ServiceKind> Services)
{
    public static DelegatedAdminGrant None { get; } = new(false, []);

    public static DelegatedAdminGrant AllServices { get; } = new(true, Enum.GetValues<ServiceKind>());

    public static DelegatedAdminGrant For(params ServiceKind[] services) => new(true, services);

    public bool Covers(ServiceKind service) => IsGranted && Services.Contains(service);
}
