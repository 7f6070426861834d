using Azure.Data.Tables;
using CspUpgrades.Domain.Planning;
using CspUpgrades.Storage.Billing;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.History;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Storage.Licenses;

/// <summary>
/// Adds seats in one transaction: the subscription's new quantity, its prorated charge, its history entry, the claim released, and the
/// customer's seat ledger, conditional on the version read (the seat cap is customer-wide).
/// </summary>
public class LicenseCommits(TableClient table)
{
    /// <returns>The subscription as written (its version advanced by one).</returns>
    /// <exception cref="TableTransactionFailedException">The subscription changed since it was read, or the charge exists.</exception>
    /// <exception cref="SeatCountChangedException">Another seat change for the customer landed since it was read.</exception>
    /// <param name="events">Builds the events announcing the subscription as written (none when events are off): outbox rows in the same transaction.</param>
    public async Task<Domain.Customers.Subscription> CommitAsync(
        CustomerRecord customer, AddLicensesPlan plan, SubscriptionClaim claim,
        Func<Domain.Customers.Subscription, IReadOnlyList<PartnerEvent>>? events = null, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.CustomerPartition(customer.Snapshot.PartnerId, customer.Snapshot.CustomerId);
        var subscription = plan.Subscription with { Version = plan.Subscription.Version + 1 };

        // The seats were added no earlier than the claim was taken: a webhook from before that, delivered late, is stale.
        var updatedAt = SubscriptionEntity.Later(customer.SourceUpdatedAt.GetValueOrDefault(subscription.Id), claim.ClaimedAt);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateReplace, SubscriptionEntity.ToEntity(partition, subscription, updatedAt), customer.SubscriptionETags[subscription.Id]),
            new(TableTransactionActionType.Add, BillingLineEntity.ToEntity(partition, plan.Charge, plan.OperationId.Value)),
            new(TableTransactionActionType.Add,
                HistoryEntity.ToEntity(partition, subscription.Id, SubscriptionHistoryEntry.ForLicenseAddition(plan, claim.ClaimedAt))),
            new(TableTransactionActionType.Delete, new TableEntity(partition, TableLayout.ClaimRow(claim.SubscriptionId)), claim.ETag),
            .. OutboxEntity.Add(partition, events?.Invoke(subscription)),
            // Last, so a failure there is told apart.
            SeatLedgerEntity.Guard(partition, customer.SeatLedgerETag, plan.OperationId.Value, claim.ClaimedAt),
        ];
        try
        {
            await table.SubmitEntityGroupAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == actions.Length - 1)
        {
            throw SeatCountChangedException.From(ex);
        }

        return subscription;
    }
}
