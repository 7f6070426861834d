using Azure.Data.Tables;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Storage.Events;

/// <summary>
/// Applies webhook events to a customer's partition exactly once: each change is written in one
/// transaction with the row <c>evt|{eventId}</c>, so a replayed event meets that row and changes nothing.
/// Events older than what is stored (by the sender's timestamp) are acknowledged and ignored.
/// </summary>
public class SubscriptionEventStore(TableClient table)
{
    private const int MaxAttempts = 3;

    public async Task<EventOutcome> ApplyProfileAsync(
        PartnerId partner, CustomerId customer, string eventId, DateTimeOffset occurredAt, CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.CustomerPartition(partner, customer);
        var entity = CustomerProfileEntity.ToEntity(partition, profile);
        entity[SubscriptionEntity.SourceUpdatedAtProperty] = occurredAt;
        return await ApplyAsync(partition, TableLayout.ProfileRow, eventId, occurredAt, _ => entity, cancellationToken);
    }

    /// <param name="change">The subscription as it becomes, given the stored one (null when new).</param>
    /// <param name="events">Builds the events announcing the subscription as written (outbox rows in the same transaction); the
    /// list it returned for the attempt that committed is what the caller drains.</param>
    public Task<EventOutcome> ApplySubscriptionAsync(
        PartnerId partner, CustomerId customer, SubscriptionId subscription, string eventId, DateTimeOffset occurredAt,
        Func<Subscription?, Subscription> change, Func<Subscription, IReadOnlyList<PartnerEvent>>? events = null,
        CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.CustomerPartition(partner, customer);
        return ApplyAsync(partition, TableLayout.SubscriptionRow(subscription), eventId, occurredAt, stored =>
        {
            var current = stored is null ? null : SubscriptionEntity.FromEntity(stored);
            var next = change(current) with { Version = (current?.Version ?? 0) + 1 };
            return (SubscriptionEntity.ToEntity(partition, next, occurredAt), OutboxEntity.Add(partition, events?.Invoke(next)).ToList());
        }, cancellationToken);
    }

    private async Task<EventOutcome> ApplyAsync(
        string partition, string rowKey, string eventId, DateTimeOffset occurredAt, Func<TableEntity?, TableEntity> write, CancellationToken cancellationToken) =>
        await ApplyAsync(partition, rowKey, eventId, occurredAt, stored => (write(stored), []), cancellationToken);

    private async Task<EventOutcome> ApplyAsync(
        string partition, string rowKey, string eventId, DateTimeOffset occurredAt,
        Func<TableEntity?, (TableEntity Row, List<TableTransactionAction> Outbox)> write, CancellationToken cancellationToken)
    {
        var marker = new TableEntity(partition, TableLayout.EventRow(eventId)) { ["OccurredAt"] = occurredAt, ["Row"] = rowKey };
        for (var attempt = 1; ; attempt++)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
            var current = stored.HasValue ? stored.Value : null;
            var stale = current?.GetDateTimeOffset(SubscriptionEntity.SourceUpdatedAtProperty) is { } seen && seen > occurredAt;

            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, marker) };
            if (!stale)
            {
                var (next, outbox) = write(current);
                actions.Add(current is null
                    ? new(TableTransactionActionType.Add, next)
                    : new(TableTransactionActionType.UpdateReplace, next, current.ETag));

                // A change to what the customer holds moves the seat ledger on, so a license change or upgrade that read
                // the customer before it cannot commit on the old counts (the seat cap is customer-wide).
                if (TableLayout.IsSubscriptionRow(rowKey) && SeatLedgerEntity.ChangesSeats(current, next))
                {
                    actions.Add(SeatLedgerEntity.Touch(partition, TableLayout.EventRow(eventId), occurredAt));
                }

                actions.AddRange(outbox);
            }

            try
            {
                await table.SubmitEntityGroupAsync(actions, cancellationToken);
                return stale ? EventOutcome.Stale : EventOutcome.Applied;
            }
            catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status == 409)
            {
                return EventOutcome.Duplicate;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // The row changed (or appeared) since we read it: read again and re-apply.
            }
        }
    }
}
