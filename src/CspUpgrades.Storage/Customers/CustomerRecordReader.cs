using Azure;
using Azure.Data.Tables;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Billing;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Storage.Customers;

/// <summary>Assembles a <see cref="CustomerRecord"/> from the rows of one customer partition.</summary>
internal static class CustomerRecordReader
{
    public static CustomerRecord? Read(PartnerId partner, CustomerId customer, IReadOnlyList<TableEntity> rows)
    {
        CustomerProfile? profile = null;
        ETag? profileETag = null;
        ETag? seatLedgerETag = null;
        StoredOperation? operation = null;
        var subscriptions = new List<Subscription>();
        var etags = new Dictionary<SubscriptionId, ETag>();
        var sourceUpdatedAt = new Dictionary<SubscriptionId, DateTimeOffset>();
        var claims = new Dictionary<SubscriptionId, SubscriptionClaim>();
        var billingLines = new Dictionary<string, StoredBillingLine>(StringComparer.Ordinal);
        var pendingEvents = new List<PendingEvent>();

        foreach (var row in rows)
        {
            var rowKey = row.RowKey!;
            if (rowKey == TableLayout.ProfileRow)
            {
                profile = CustomerProfileEntity.FromEntity(row);
                profileETag = row.ETag;
            }
            else if (rowKey == TableLayout.SeatLedgerRow)
            {
                seatLedgerETag = row.ETag;
            }
            else if (rowKey.StartsWith(TableLayout.PublishPrefix, StringComparison.Ordinal))
            {
                pendingEvents.Add(OutboxEntity.Pending(row));
            }
            else if (TableLayout.IsClaimRow(rowKey))
            {
                var claim = ClaimEntity.FromEntity(row);
                claims[claim.SubscriptionId] = claim;
            }
            else if (TableLayout.IsSubscriptionRow(rowKey))
            {
                var subscription = SubscriptionEntity.FromEntity(row);
                subscriptions.Add(subscription);
                etags[subscription.Id] = row.ETag;
                if (SubscriptionEntity.SourceUpdatedAt(row) is { } updatedAt)
                {
                    sourceUpdatedAt[subscription.Id] = updatedAt;
                }
            }
            else if (rowKey.StartsWith(TableLayout.OperationPrefix, StringComparison.Ordinal))
            {
                operation = new StoredOperation(OperationEntity.FromEntity(row), row.ETag);
            }
            else if (rowKey.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal))
            {
                var line = BillingLineEntity.FromEntity(row);
                billingLines[line.Line.LineId] = line;
            }
        }

        if (profile is null && subscriptions.Count == 0)
        {
            return null;
        }

        return new CustomerRecord
        {
            Snapshot = new CustomerSnapshot
            {
                PartnerId = partner,
                CustomerId = customer,
                Region = profile?.Region ?? Domain.Catalog.Region.Global,
                DelegatedAdmin = profile?.DelegatedAdmin ?? DelegatedAdminGrant.None,
                Subscriptions = subscriptions,
            },
            SubscriptionETags = etags,
            SourceUpdatedAt = sourceUpdatedAt,
            Claims = claims,
            ProfileETag = profileETag,
            Profile = profile,
            SeatLedgerETag = seatLedgerETag,
            Operation = operation,
            BillingLines = billingLines,
            PendingEvents = pendingEvents,
        };
    }
}
