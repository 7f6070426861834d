using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Builders;

/// <summary>A user "name" with id user-name and a contoso.example address, licensed for the services given.</summary>
public sealed class UserBuilder(string name)
{
    private ServiceKind[] _services = [ServiceKind.ExchangeMailbox];

    public UserBuilder With(params ServiceKind[] services)
    {
        _services = services;
        return this;
    }

    public AssignedUser Build() => new(new UserObjectId($"user-{name}"), name, $"{name}@contoso.example", _services);
}
