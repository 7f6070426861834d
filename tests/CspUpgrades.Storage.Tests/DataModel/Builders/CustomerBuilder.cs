using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>
/// A customer of a fresh partner, in the global region with delegated admin for every service and no
/// subscriptions, unless told otherwise. <see cref="SaveAsync"/> writes it through <c>CustomerStore</c>.
/// </summary>
public sealed class CustomerBuilder
{
    private readonly List<Subscription> _subscriptions = [];
    private CustomerProfile _profile = new(Region.Global, DelegatedAdminGrant.AllServices, "Fabrikam Ltd");

    public PartnerId Partner { get; private set; } = A.Partner();

    public CustomerId Customer { get; private set; } = A.Customer();

    public CustomerBuilder Of(PartnerId partner)
    {
        Partner = partner;
        return this;
    }

    public CustomerBuilder WithId(CustomerId customer)
    {
        Customer = customer;
        return this;
    }

    public CustomerBuilder WithProfile(CustomerProfile profile)
    {
        _profile = profile;
        return this;
    }

    public CustomerBuilder With(params Subscription[] subscriptions)
    {
        _subscriptions.AddRange(subscriptions);
        return this;
    }

    public CustomerBuilder With(params SubscriptionBuilder[] subscriptions) => With(subscriptions.Select(s => s.Build()).ToArray());

    public CustomerProfile Profile => _profile;

    public IReadOnlyList<Subscription> Subscriptions => _subscriptions;

    public async Task<CustomerBuilder> SaveAsync(DataModelTable storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        await storage.Customers.SaveProfileAsync(Partner, Customer, _profile);
        foreach (var subscription in _subscriptions)
        {
            await storage.Customers.SaveSubscriptionAsync(Partner, Customer, subscription);
        }

        return this;
    }
}
