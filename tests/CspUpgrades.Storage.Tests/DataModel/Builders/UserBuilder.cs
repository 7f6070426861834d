using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>A user "name" (id <c>user-name</c>, address at contoso.example) licensed for Exchange, unless told otherwise.</summary>
public sealed class UserBuilder(string name)
{
    private ServiceKind[] _services = [ServiceKind.ExchangeMailbox];
    private string? _displayName;

    public UserBuilder With(params ServiceKind[] services)
    {
        _services = services;
        return this;
    }

    /// <summary>A display name other than the id part, e.g. with quotes or non-Latin letters.</summary>
    public UserBuilder Named(string displayName)
    {
        _displayName = displayName;
        return this;
    }

    public AssignedUser Build() => new(new UserObjectId($"user-{name}"), _displayName ?? name, $"{name}@contoso.example", _services);

    /// <summary><paramref name="count"/> users u0001, u0002, … with names that JSON has to escape.</summary>
    public static IEnumerable<AssignedUser> Many(int count) => Enumerable.Range(1, count).Select(i =>
        new UserBuilder($"u{i:D4}")
            .Named($"Ünïcødé \"user\" {i} 张伟 <{i}>")
            .With(ServiceKind.ExchangeMailbox, ServiceKind.Teams, ServiceKind.OneDrive)
            .Build());
}
