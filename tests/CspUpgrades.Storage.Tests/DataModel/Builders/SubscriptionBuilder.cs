using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>
/// An active, monthly, 10-seat subscription of this partner at 5.00 USD on its term from 2024-01-15, no add-ons,
/// no users, version 1, unless told otherwise. The id is unique per test run unless given.
/// </summary>
public sealed class SubscriptionBuilder(OfferId offer)
{
    private Subscription _subscription = new()
    {
        Id = A.Subscription(offer.Value),
        OfferId = offer,
        Status = SubscriptionStatus.Active,
        Quantity = 10,
        Channel = SalesChannel.ThisPartner,
        BillingCycle = BillingCycle.Monthly,
        TermStart = new DateOnly(2024, 1, 15),
        TermEnd = new DateOnly(2025, 1, 15),
        UnitPrice = new Money(500, CurrencyCode.Usd),
        Version = 1,
    };

    public static SubscriptionBuilder Of(OfferId offer) => new(offer);

    public SubscriptionBuilder WithId(SubscriptionId id) => Change(s => s with { Id = id });

    public SubscriptionBuilder WithId(string id) => WithId(new SubscriptionId(id));

    public SubscriptionBuilder WithStatus(SubscriptionStatus status) => Change(s => s with { Status = status });

    public SubscriptionBuilder Suspended() => WithStatus(SubscriptionStatus.Suspended);

    public SubscriptionBuilder WithQuantity(int quantity) => Change(s => s with { Quantity = quantity });

    public SubscriptionBuilder Through(SalesChannel channel) => Change(s => s with { Channel = channel });

    public SubscriptionBuilder Annual() => Change(s => s with { BillingCycle = BillingCycle.Annual });

    public SubscriptionBuilder WithTerm(DateOnly start, DateOnly end) => Change(s => s with { TermStart = start, TermEnd = end });

    public SubscriptionBuilder PricedAt(string amount) => Change(s => s with { UnitPrice = Money.Parse(amount) });

    public SubscriptionBuilder WithAddOns(params OfferId[] addOns) => Change(s => s with { AddOnIds = addOns });

    public SubscriptionBuilder WithUsers(params UserBuilder[] users) => WithUsers(users.Select(u => u.Build()));

    public SubscriptionBuilder WithUsers(IEnumerable<AssignedUser> users) => Change(s => s with { AssignedUsers = users.ToList() });

    public SubscriptionBuilder WithVersion(long version) => Change(s => s with { Version = version });

    public Subscription Build() => _subscription;

    public static implicit operator Subscription(SubscriptionBuilder builder) => builder.Build();

    private SubscriptionBuilder Change(Func<Subscription, Subscription> change)
    {
        _subscription = change(_subscription);
        return this;
    }
}
