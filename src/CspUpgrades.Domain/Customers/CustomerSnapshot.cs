using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Domain.Customers;

/// <summary>
/// Everything the rules need about one customer of one partner, read at one moment: the
/// delegated admin grant and every subscription the customer holds through any channel.
/// </summary>
public sealed record CustomerSnapshot
{
    public required PartnerId PartnerId { get; init; }

    public required CustomerId CustomerId { get; init; }

    /// <summary>The customer's market. The rules key off each subscription's edition (DESIGN §1); this is kept for reporting.</summary>
    public Region Region { get; init; } = Region.Global;

    public required DelegatedAdminGrant DelegatedAdmin { get; init; }

    public IReadOnlyList<Subscription> Subscriptions { get; init; } = [];

    public Subscription? FindSubscription(SubscriptionId id) => Subscriptions.FirstOrDefault(s => s.Id == id);

    /// <exception cref="ArgumentException">The customer has no such subscription; callers answer 404 before asking.</exception>
    public Subscription GetSubscription(SubscriptionId id) =>
        FindSubscription(id) ?? throw new ArgumentException($"Customer {CustomerId} has no subscription {id}.", nameof(id));
}
