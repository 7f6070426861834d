using CspUpgrades.Functions.CustomerSummaries;
using CspUpgrades.Storage.Events;

namespace CspUpgrades.Functions.ReceiveSubscriptionEvent;

/// <summary>Applies one verified event to the customer's state, exactly once per event id, then refreshes the customer's line in the customer list.</summary>
public class ReceiveSubscriptionEventHandler(SubscriptionEventStore events, CustomerSummaryRefresher summaries)
{
    public async Task<EventOutcome> HandleAsync(string eventId, SubscriptionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var outcome = await ApplyAsync(eventId, change, cancellationToken);
        // Only when something changed: a duplicate changes nothing, not even the list. (Had the first delivery stopped between
        // the change and the refresh, the daily audit puts the line right.)
        if (outcome == EventOutcome.Applied)
        {
            await summaries.RefreshAsync(change.Partner, change.Customer, cancellationToken);
        }

        return outcome;
    }

    private Task<EventOutcome> ApplyAsync(string eventId, SubscriptionChange change, CancellationToken cancellationToken) => change switch
    {
        SubscriptionChange.ProfileChanged profile =>
            events.ApplyProfileAsync(change.Partner, change.Customer, eventId, change.OccurredAt, profile.Profile, cancellationToken),
        SubscriptionChange.SubscriptionChanged changed =>
            events.ApplySubscriptionAsync(change.Partner, change.Customer, changed.Subscription.Id, eventId, change.OccurredAt,
                stored => changed.UsersIncluded || stored is null
                    ? changed.Subscription
                    : changed.Subscription with { AssignedUsers = stored.AssignedUsers },
                cancellationToken),
        SubscriptionChange.LicensesAssigned licenses =>
            events.ApplySubscriptionAsync(change.Partner, change.Customer, licenses.SubscriptionId, eventId, change.OccurredAt,
                stored => stored is null
                    ? throw new UnknownSubscriptionException()
                    : stored with { AssignedUsers = licenses.Users },
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
