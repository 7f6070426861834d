using CspUpgrades.Domain.Billing;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Customers;

/// <summary>One subscription of the customer, through any channel, as last read.</summary>
public sealed record Subscription
{
    public required SubscriptionId Id { get; init; }

    public required OfferId OfferId { get; init; }

    public required SubscriptionStatus Status { get; init; }

    public required int Quantity { get; init; }

    public required SalesChannel Channel { get; init; }

    public required BillingCycle BillingCycle { get; init; }

    /// <summary>First day of the term; billing periods are anchored on it (monthly: same day each month).</summary>
    public required DateOnly TermStart { get; init; }

    public required DateOnly TermEnd { get; init; }

    /// <summary>Price of one license for one billing period.</summary>
    public required Money UnitPrice { get; init; }

    /// <summary>Add-on offers attached to the subscription; they must be removed before an upgrade.</summary>
    public IReadOnlyList<OfferId> AddOnIds { get; init; } = [];

    public IReadOnlyList<AssignedUser> AssignedUsers { get; init; } = [];

    /// <summary>
    /// The version this copy was read at; storage maps it to the entity's ETag. Plans carry it
    /// unchanged, so writing a plan back fails if the subscription changed meanwhile.
    /// </summary>
    public long Version { get; init; }

    /// <summary>
    /// Still in the customer's tenant: active, pending, or suspended (which keeps its licenses and
    /// can be reactivated). Only held subscriptions own an offer, conflict, or count toward the seat cap.
    /// </summary>
    public bool IsHeld => Status is not SubscriptionStatus.Cancelled;

    /// <summary>The billing period that contains <paramref name="date"/>.</summary>
    public BillingPeriod BillingPeriodContaining(DateOnly date) => BillingPeriod.Containing(TermStart, BillingCycle, date);
}
