using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Tests.Builders;

/// <summary>
/// An active, monthly, 10-seat subscription of this partner at 10.00 USD, term starting 2024-01-01, no add-ons,
/// no users, version 1, unless told otherwise. Ids default to "{offer}-{n}" (unique per test run).
/// </summary>
public sealed class SubscriptionBuilder(string offerId)
{
    private static int s_next;

    private Subscription _subscription = new()
    {
        Id = new SubscriptionId($"{offerId}-{Interlocked.Increment(ref s_next)}"),
        OfferId = new OfferId(offerId),
        Status = SubscriptionStatus.Active,
        Quantity = 10,
        Channel = SalesChannel.ThisPartner,
        BillingCycle = BillingCycle.Monthly,
        TermStart = new DateOnly(2024, 1, 1),
        TermEnd = new DateOnly(2025, 1, 1),
        UnitPrice = new Money(1000, CurrencyCode.Usd),
        Version = 1,
    };

    public SubscriptionBuilder WithId(string id) => Change(s => s with { Id = new SubscriptionId(id) });

    public SubscriptionBuilder Suspended() => Change(s => s with { Status = SubscriptionStatus.Suspended });

    public SubscriptionBuilder Cancelled() => Change(s => s with { Status = SubscriptionStatus.Cancelled });

    public SubscriptionBuilder Pending() => Change(s => s with { Status = SubscriptionStatus.Pending });

    public SubscriptionBuilder WithQuantity(int quantity) => Change(s => s with { Quantity = quantity });

    public SubscriptionBuilder ThroughOtherPartner(string name) => Change(s => s with { Channel = SalesChannel.OtherPartner(name) });

    public SubscriptionBuilder BoughtDirect() => Change(s => s with { Channel = SalesChannel.Direct });

    public SubscriptionBuilder WithAddOn(string addOnId) => Change(s => s with { AddOnIds = [.. s.AddOnIds, new OfferId(addOnId)] });

    public SubscriptionBuilder WithUsers(params UserBuilder[] users) =>
        Change(s => s with { AssignedUsers = [.. s.AssignedUsers, .. users.Select(u => u.Build())] });

    public SubscriptionBuilder PricedAt(Money unitPrice) => Change(s => s with { UnitPrice = unitPrice });

    public SubscriptionBuilder PricedAt(string amount) => PricedAt(Money.Parse(amount));

    public SubscriptionBuilder Annual() => Change(s => s with { BillingCycle = BillingCycle.Annual });

    public SubscriptionBuilder TermStarting(DateOnly start) => Change(s => s with { TermStart = start, TermEnd = start.AddYears(1) });

    public SubscriptionBuilder WithVersion(long version) => Change(s => s with { Version = version });

    public Subscription Build() => _subscription;

    public static implicit operator Subscription(SubscriptionBuilder builder) => builder.Build();

    private SubscriptionBuilder Change(Func<Subscription, Subscription> change)
    {
        _subscription = change(_subscription);
        return this;
    }
}
