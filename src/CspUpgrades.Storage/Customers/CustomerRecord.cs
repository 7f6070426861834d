using Azure;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Billing;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Storage.Customers;

/// <summary>
/// A customer as read in one storage request: the domain snapshot, the ETags to write it back
/// conditionally, the claims held on its subscriptions, and (when asked for) one operation.
/// </summary>
public sealed record CustomerRecord
{
    public required CustomerSnapshot Snapshot { get; init; }
    public required IReadOnlyDictionary<SubscriptionId, ETag> SubscriptionETags { get; init; }
    public required IReadOnlyDictionary<SubscriptionId, SubscriptionClaim> Claims { get; init; }
    public ETag? ProfileETag { get; init; }

    /// <summary>The customer's profile row (name, country, delegated admin); null when only subscriptions have arrived yet.</summary>
    public CustomerProfile? Profile { get; init; }
    public StoredOperation? Operation { get; init; }

    /// <summary>Billing lines asked for by id (a replayed license change finds its charge here).</summary>
    public IReadOnlyDictionary<string, StoredBillingLine> BillingLines { get; init; } = new Dictionary<string, StoredBillingLine>();

    /// <summary>Committed events not yet published (normally none: each writer drains its own), oldest first.</summary>
    public IReadOnlyList<PendingEvent> PendingEvents { get; init; } = [];

    /// <summary>The ETag of the customer's seat ledger as read (null: no row yet), so seat-changing commits are conditional on it.</summary>
    internal ETag? SeatLedgerETag { get; init; }

    /// <summary>Each subscription's stale-event watermark as read, so commits carry it forward (see <c>SubscriptionEntity.SourceUpdatedAtProperty</c>).</summary>
    internal IReadOnlyDictionary<SubscriptionId, DateTimeOffset> SourceUpdatedAt { get; init; } = new Dictionary<SubscriptionId, DateTimeOffset>();

    public SubscriptionClaim? ClaimOn(SubscriptionId subscription) => Claims.GetValueOrDefault(subscription);

    /// <summary>
    /// The operation holding <paramref name="subscription"/> at <paramref name="now"/>, if any: a claim that is not
    /// abandoned (an abandoned one blocks nothing; the next operation takes it over).
    /// </summary>
    public OperationId? HeldBy(SubscriptionId subscription, DateTimeOffset now) =>
        ClaimOn(subscription) is { } claim && !claim.IsAbandonedAt(now) ? claim.OperationId : null;
}

/// <summary>An operation with the ETag it was read at.</summary>
public sealed record StoredOperation(UpgradeOperation Operation, ETag ETag);
