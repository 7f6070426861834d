using Azure;
using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Storage.Customers;

/// <summary>
/// Claims a subscription for one operation with an insert-only row, so two upgrades (or an upgrade
/// and a license change) of one subscription cannot both proceed. Not If-Match inside a batch:
/// Azurite ignores it there (DESIGN §5).
/// </summary>
public class SubscriptionClaims(TableClient table)
{
    /// <summary>
    /// A claim older than this belongs to an operation that died without finishing (a crashed license
    /// change, an upgrade past the function timeout) and may be taken over. Longer than host.json's functionTimeout.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(15);

    /// <param name="known">The claim the caller already read, if any (saves a request on redelivery).</param>
    public async Task<ClaimOutcome> TryClaimAsync(
        PartnerId partner, CustomerId customer, SubscriptionId subscription, OperationId operation,
        DateTimeOffset now, SubscriptionClaim? known = null, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.CustomerPartition(partner, customer);
        var entity = ClaimEntity.ToEntity(partition, subscription, operation, now);
        if (known is not null)
        {
            return known.OperationId != operation && known.IsAbandonedAt(now)
                ? await TakeOverAsync(partner, customer, entity, known, operation, now, cancellationToken)
                : Judge(known, operation);
        }

        try
        {
            var added = await table.AddEntityAsync(entity, cancellationToken);
            return new ClaimOutcome.Held(new SubscriptionClaim(subscription, operation, now, StoredETag.Of(added)));
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Someone holds it: us on an ambiguous earlier write, or another operation.
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, TableLayout.ClaimRow(subscription), cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                // Released between our insert and our read: try once more.
                return await TryClaimAsync(partner, customer, subscription, operation, now, null, cancellationToken);
            }

            var held = ClaimEntity.FromEntity(existing.Value!);
            return held.OperationId != operation && held.IsAbandonedAt(now)
                ? await TakeOverAsync(partner, customer, entity, held, operation, now, cancellationToken)
                : Judge(held, operation);
        }
    }

    /// <summary>Releases a claim outside a commit (e.g. a failed operation), only if it is still this one.</summary>
    public async Task ReleaseAsync(PartnerId partner, CustomerId customer, SubscriptionClaim claim, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(TableLayout.CustomerPartition(partner, customer), TableLayout.ClaimRow(claim.SubscriptionId), claim.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // The claim changed hands: it is no longer ours to release.
        }
    }

    // Conditional on the abandoned claim's ETag (a single-entity If-Match, honoured everywhere): of two
    // operations taking over at once, one wins. The loser starts over, so it names the winner (not the
    // abandoned operation), or claims afresh if the abandoned claim was released meanwhile.
    private async Task<ClaimOutcome> TakeOverAsync(
        PartnerId partner, CustomerId customer, TableEntity mine, SubscriptionClaim abandoned, OperationId operation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var updated = await table.UpdateEntityAsync(mine, abandoned.ETag, TableUpdateMode.Replace, cancellationToken);
            return new ClaimOutcome.Held(ClaimEntity.FromEntity(mine) with { ETag = StoredETag.Of(updated) });
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return await TryClaimAsync(partner, customer, abandoned.SubscriptionId, operation, now, null, cancellationToken);
        }
    }

    private static ClaimOutcome Judge(SubscriptionClaim claim, OperationId operation) =>
        claim.OperationId == operation ? new ClaimOutcome.Held(claim) : new ClaimOutcome.HeldByOther(claim.OperationId);
}
