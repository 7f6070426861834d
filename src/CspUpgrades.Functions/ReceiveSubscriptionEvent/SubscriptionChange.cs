using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Functions.ReceiveSubscriptionEvent;

/// <summary>A validated event: which customer it is about, when it happened, and the change itself.</summary>
public abstract record SubscriptionChange(PartnerId Partner, CustomerId Customer, DateTimeOffset OccurredAt)
{
    public sealed record ProfileChanged(PartnerId Partner, CustomerId Customer, DateTimeOffset OccurredAt, CustomerProfile Profile)
        : SubscriptionChange(Partner, Customer, OccurredAt);

    /// <summary>The subscription's full state; null users keep the ones stored.</summary>
    public sealed record SubscriptionChanged(PartnerId Partner, CustomerId Customer, DateTimeOffset OccurredAt, Subscription Subscription, bool UsersIncluded)
        : SubscriptionChange(Partner, Customer, OccurredAt);

    public sealed record LicensesAssigned(PartnerId Partner, CustomerId Customer, DateTimeOffset OccurredAt, SubscriptionId SubscriptionId, IReadOnlyList<AssignedUser> Users)
        : SubscriptionChange(Partner, Customer, OccurredAt);
}
