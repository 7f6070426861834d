using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.Events;

/// <summary>The publisher when Service Bus is not configured: events reach the partner's feed only, nothing is sent anywhere.</summary>
public sealed class NoPartnerEventPublisher : IPartnerEventPublisher
{
    public Task PublishAsync(IReadOnlyList<PartnerEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;
}
