using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Events;

/// <summary>The event of a subscription changed by the sync source's webhook (created, updated, suspended, licenses assigned). None when events are off.</summary>
public sealed class SubscriptionChangeEvents(IOptions<EventsOptions> options)
{
    /// <param name="webhookEventId">The webhook's own event id: one event per webhook event applied.</param>
    public IReadOnlyList<PartnerEvent> Changed(
        PartnerId partner, CustomerId customer, string webhookEventId, string webhookType, Subscription written, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(written);
        return options.Value.Enabled
            ?
            [
                PartnerEventData.Create(
                    PartnerEventTypes.SubscriptionChanged, partner, $"webhook\n{customer.Value}\n{webhookEventId}", customer, written.Id, time,
                    new SubscriptionChangedData(customer.Value, webhookEventId, webhookType, SubscriptionResponse.From(written))),
            ]
            : [];
    }
}

/// <summary>The data of <c>subscription.changed.v1</c>: the webhook event that changed it and the subscription as it now is.</summary>
/// <param name="WebhookType">The webhook event's <c>type</c>, e.g. <c>subscription.updated</c> or <c>licenses.assigned</c>.</param>
public sealed record SubscriptionChangedData(string CustomerId, string WebhookEventId, string WebhookType, SubscriptionResponse Subscription);
