using CspUpgrades.Domain.Customers;
using CspUpgrades.Functions.CustomerSummaries;
using CspUpgrades.Functions.Events;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Events;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.ReceiveSubscriptionEvent;

/// <summary>
/// Applies one verified event to the customer's state, exactly once per event id, with its <c>subscription.changed</c>
/// partner event; then publishes that event and refreshes the customer's line in the customer list.
/// </summary>
public class ReceiveSubscriptionEventHandler(
    SubscriptionEventStore events,
    CustomerStore customers,
    SubscriptionChangeEvents changeEvents,
    OutboxDrain drain,
    CustomerSummaryRefresher summaries,
    TimeProvider time)
{
    public async Task<EventOutcome> HandleAsync(string eventId, SubscriptionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        IReadOnlyList<PartnerEvent> written = [];
        var outcome = await ApplyAsync(eventId, change, (type, subscription) =>
            written = changeEvents.Changed(change.Partner, change.Customer, eventId, type, subscription, time.GetUtcNow()), cancellationToken);

        // Only when something changed: a duplicate changes nothing, not even the list. (Had the first delivery stopped between
        // the change and the refresh, the daily audit puts the line right.)
        if (outcome == EventOutcome.Applied)
        {
            await drain.DrainAsync(change.Partner, change.Customer, [], written, cancellationToken);
            await summaries.RefreshAsync(change.Partner, change.Customer, cancellationToken);
        }
        else if (outcome == EventOutcome.Duplicate && written.Count == 0)
        {
            // A redelivery: the first may have stopped between its commit and its drain. One read says; normally nothing is pending.
            if (await customers.LoadAsync(change.Partner, change.Customer, cancellationToken: cancellationToken) is { PendingEvents.Count: > 0 } record)
            {
                await drain.DrainAsync(record.PendingEvents, cancellationToken);
            }
        }

        return outcome;
    }

    private Task<EventOutcome> ApplyAsync(
        string eventId, SubscriptionChange change, Func<string, Subscription, IReadOnlyList<PartnerEvent>> announce, CancellationToken cancellationToken) => change switch
    {
        SubscriptionChange.ProfileChanged profile =>
            events.ApplyProfileAsync(change.Partner, change.Customer, eventId, change.OccurredAt, profile.Profile, cancellationToken),
        SubscriptionChange.SubscriptionChanged changed =>
            events.ApplySubscriptionAsync(change.Partner, change.Customer, changed.Subscription.Id, eventId, change.OccurredAt,
                stored => changed.UsersIncluded || stored is null
                    ? changed.Subscription
                    : changed.Subscription with { AssignedUsers = stored.AssignedUsers },
                written => announce(SubscriptionEventReader.SubscriptionUpdated, written),
                cancellationToken),
        SubscriptionChange.LicensesAssigned licenses =>
            events.ApplySubscriptionAsync(change.Partner, change.Customer, licenses.SubscriptionId, eventId, change.OccurredAt,
                stored => stored is null
                    ? throw new UnknownSubscriptionException()
                    : stored with { AssignedUsers = licenses.Users },
                written => announce(SubscriptionEventReader.LicensesAssigned, written),
                cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };
}

/// <summary>Licenses were assigned on a subscription no event has created yet.</summary>
public sealed class UnknownSubscriptionException : Exception
{
    public UnknownSubscriptionException() : base("No subscription.updated event has created this subscription yet.")
    {
    }
}
