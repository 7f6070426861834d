using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;

namespace CspUpgrades.Functions.Http;

/// <summary>A user holding one of a subscription's licenses, and the services enabled on it.</summary>
public sealed record AssignedUserResponse(string UserObjectId, string Name, string Email, IReadOnlyList<ServiceKind> Services)
{
    public static AssignedUserResponse From(AssignedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.UserObjectId.Value, user.Name, user.Email, user.Services);
    }
}
