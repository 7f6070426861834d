using CspUpgrades.Domain.Planning;
using CspUpgrades.Storage.Billing;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;
using Azure.Data.Tables;

namespace CspUpgrades.Storage.Licenses;

/// <summary>Adds seats in one transaction: the subscription's new quantity, its prorated charge, the claim released.</summary>
public class LicenseCommits(TableClient table)
{
    /// <summary>For mocking.</summary>
    protected LicenseCommits() : this(null!)
    {
    }

    /// <returns>The subscription as written (its version advanced by one).</returns>
    /// <exception cref="TableTransactionFailedException">The subscription changed since it was read, or the charge exists.</exception>
    public virtual async Task<Domain.Customers.Subscription> CommitAsync(
        CustomerRecord customer, AddLicensesPlan plan, SubscriptionClaim claim, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.CustomerPartition(customer.Snapshot.PartnerId, customer.Snapshot.CustomerId);
        var subscription = plan.Subscription with { Version = plan.Subscription.Version + 1 };

        // The seats were added no earlier than the claim was taken: a webhook from before that, delivered late, is stale.
        var updatedAt = SubscriptionEntity.Later(customer.SourceUpdatedAt.GetValueOrDefault(subscription.Id), claim.ClaimedAt);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateReplace, SubscriptionEntity.ToEntity(partition, subscription, updatedAt), customer.SubscriptionETags[subscription.Id]),
            new(TableTransactionActionType.Add, BillingLineEntity.ToEntity(partition, plan.Charge, plan.OperationId.Value)),
            new(TableTransactionActionType.Delete, new TableEntity(partition, TableLayout.ClaimRow(claim.SubscriptionId)), claim.ETag),
        ];
        await table.SubmitEntityGroupAsync(actions, cancellationToken);
        return subscription;
    }
}
