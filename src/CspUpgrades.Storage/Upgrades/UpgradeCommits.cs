using Azure.Data.Tables;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Storage.Billing;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.History;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Storage.Upgrades;

/// <summary>
/// Writes an upgrade's outcome in one entity group transaction in the customer's partition: either
/// all of it happened (source closed or reduced, target created, operation finished, credit and
/// charge written, both subscriptions' history entries, claim released, the customer's seat ledger moved on) or none of it did.
/// </summary>
public class UpgradeCommits(TableClient table)
{
    /// <exception cref="TableTransactionFailedException">Something changed since the read (412), or a row already exists (409).</exception>
    /// <exception cref="SeatCountChangedException">Another seat change for the customer landed since it was read.</exception>
    /// <param name="events">Builds the events announcing the finished operation (none when events are off), written as outbox rows in the same transaction.</param>
    public async Task CommitSucceededAsync(
        CustomerRecord customer, StoredOperation stored, UpgradePlan plan, SubscriptionClaim claim, DateTimeOffset now,
        Func<UpgradeOperation, IReadOnlyList<PartnerEvent>>? events = null, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.CustomerPartition(customer.Snapshot.PartnerId, customer.Snapshot.CustomerId);
        var source = plan.Source with { Version = plan.Source.Version + 1 };
        var target = plan.Target with { Version = 1 };
        var finished = stored.Operation with
        {
            Status = OperationStatus.Succeeded,
            CompletedAt = now,
            Result = new UpgradeResult(source.Id, target.Id, plan.UpgradeType, [], plan.Licenses.LicenseErrors),
            BillingLines = plan.BillingLines,
        };

        var actions = new List<TableTransactionAction>
        {
            // Both rows hold our state as of now: a webhook from before the commit, delivered late, is stale.
            new(TableTransactionActionType.UpdateReplace,
                SubscriptionEntity.ToEntity(partition, source, SubscriptionEntity.Later(customer.SourceUpdatedAt.GetValueOrDefault(source.Id), now)),
                customer.SubscriptionETags[source.Id]),
            new(TableTransactionActionType.Add, SubscriptionEntity.ToEntity(partition, target, now)),
            new(TableTransactionActionType.UpdateReplace, OperationEntity.ToEntity(finished), stored.ETag),
        };
        actions.AddRange(plan.BillingLines.Select(line =>
            new TableTransactionAction(TableTransactionActionType.Add, BillingLineEntity.ToEntity(partition, line, plan.OperationId.Value))));

        // The history of both subscriptions says what this transaction did. The source's entry was written when the operation
        // was recorded (an upsert still lands for one recorded before there was a history); the target's is new with the target.
        var entry = SubscriptionHistoryEntry.ForUpgrade(finished, plan.Quantity);
        actions.Add(new(TableTransactionActionType.UpsertReplace, HistoryEntity.ToEntity(partition, source.Id, entry)));
        actions.Add(new(TableTransactionActionType.Add, HistoryEntity.ToEntity(partition, target.Id, entry)));
        actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TableLayout.ClaimRow(claim.SubscriptionId)), claim.ETag));
        actions.AddRange(OutboxEntity.Add(partition, events?.Invoke(finished)));

        // Last, so a failure there is told apart: an upgrade moves seats, and the seat cap is customer-wide.
        actions.Add(SeatLedgerEntity.Guard(partition, customer.SeatLedgerETag, plan.OperationId.Value, now));

        try
        {
            await table.SubmitEntityGroupAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == actions.Count - 1)
        {
            throw SeatCountChangedException.From(ex);
        }
    }

    /// <summary>Marks the operation (and its source's history entry) failed with its reasons and releases its claim, if it holds one, atomically.</summary>
    /// <param name="events">Builds the events announcing the failure from the failed operation (none when events are off).</param>
    public async Task CommitFailedAsync(
        StoredOperation stored, UpgradeResult result, SubscriptionClaim? claim, DateTimeOffset now,
        Func<UpgradeOperation, IReadOnlyList<PartnerEvent>>? events = null, CancellationToken cancellationToken = default)
    {
        var failed = stored.Operation with { Status = OperationStatus.Failed, CompletedAt = now, Result = result };
        var entity = OperationEntity.ToEntity(failed);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, entity, stored.ETag),
            new(TableTransactionActionType.UpsertReplace,
                HistoryEntity.ToEntity(entity.PartitionKey!, failed.Request.SourceSubscriptionId, SubscriptionHistoryEntry.ForUpgrade(failed))),
        };
        if (claim is not null && claim.OperationId == stored.Operation.Id)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(entity.PartitionKey!, TableLayout.ClaimRow(claim.SubscriptionId)), claim.ETag));
        }

        actions.AddRange(OutboxEntity.Add(entity.PartitionKey!, events?.Invoke(failed)));

        await table.SubmitEntityGroupAsync(actions, cancellationToken);
    }
}
