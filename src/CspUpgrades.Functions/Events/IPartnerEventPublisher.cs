using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.Events;

/// <summary>
/// Where committed events go besides the partner's feed: Azure Service Bus when configured (ServiceBusEventPublisher), else
/// nowhere. The outbox drain calls it with the events of one partition in commit order and deletes their outbox rows only
/// after it returns: a publisher that throws loses nothing, the events are published again later with the same ids.
/// </summary>
public interface IPartnerEventPublisher
{
    /// <summary>Publishes every event, or throws. Publishing an event twice is allowed (its id lets the receiver drop the repeat).</summary>
    Task PublishAsync(IReadOnlyList<PartnerEvent> events, CancellationToken cancellationToken);
}
