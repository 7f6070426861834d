using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Builders;

/// <summary>A customer of partner-1 with delegated admin for every service and no subscriptions, unless told otherwise.</summary>
public sealed class CustomerBuilder
{
    private readonly List<Subscription> _subscriptions = [];
    private DelegatedAdminGrant _delegatedAdmin = DelegatedAdminGrant.AllServices;
    private Region _region = Region.Global;

    public CustomerBuilder WithoutDelegatedAdmin()
    {
        _delegatedAdmin = DelegatedAdminGrant.None;
        return this;
    }

    public CustomerBuilder WithDelegatedAdminFor(params ServiceKind[] services)
    {
        _delegatedAdmin = DelegatedAdminGrant.For(services);
        return this;
    }

    public CustomerBuilder WithDelegatedAdminExcept(params ServiceKind[] services) =>
        WithDelegatedAdminFor(Enum.GetValues<ServiceKind>().Except(services).ToArray());

    public CustomerBuilder InRegion(Region region)
    {
        _region = region;
        return this;
    }

    public CustomerBuilder With(params Subscription[] subscriptions)
    {
        _subscriptions.AddRange(subscriptions);
        return this;
    }

    public CustomerBuilder With(params SubscriptionBuilder[] subscriptions) =>
        With(subscriptions.Select(s => s.Build()).ToArray());

    public CustomerSnapshot Build() => new()
    {
        PartnerId = new PartnerId("partner-1"),
        CustomerId = new CustomerId("customer-1"),
        Region = _region,
        DelegatedAdmin = _delegatedAdmin,
        Subscriptions = _subscriptions.ToList(),
    };

    public static implicit operator CustomerSnapshot(CustomerBuilder builder) => builder.Build();
}
