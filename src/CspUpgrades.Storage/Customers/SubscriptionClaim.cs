using Azure;
using CspUpgrades.Domain.Primitives;

namespace CspUpgrades.Storage.Customers;

/// <summary>
/// The row <c>sub|{id}|claim</c>: while it exists, one operation owns the subscription and no other
/// upgrade or license change may start. Taken with an insert-only write (honoured by Azurite and
/// Azure alike), released inside the operation's commit transaction.
/// </summary>
public sealed record SubscriptionClaim(SubscriptionId SubscriptionId, OperationId OperationId, DateTimeOffset ClaimedAt, ETag ETag)
{
    /// <summary>Held longer than <see cref="SubscriptionClaims.AbandonedAfter"/>: its operation died, and the next one may take it over.</summary>
    public bool IsAbandonedAt(DateTimeOffset now) => now - ClaimedAt > SubscriptionClaims.AbandonedAfter;
}
