using Azure.Messaging.ServiceBus;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.Events;

/// <summary>
/// Publishes committed events to the configured Service Bus topic, in order, in as few <see cref="ServiceBusMessageBatch"/>es
/// as the topic's largest message allows (the SDK measures each message as it is added). Batches are sent one after the other:
/// a failure leaves the later ones unsent and throws, and the outbox sends all of them again (the same ids, which the topic's
/// duplicate detection and a consumer's dedupe drop).
/// </summary>
public sealed partial class ServiceBusEventPublisher(ServiceBusSender sender, ILogger<ServiceBusEventPublisher> logger) : IPartnerEventPublisher
{
    public async Task PublishAsync(IReadOnlyList<PartnerEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var next = 0;
        while (next < events.Count)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
            while (next < events.Count && batch.TryAddMessage(ServiceBusCloudEventBinding.ToMessage(events[next])))
            {
                next++;
            }

            if (batch.Count == 0)
            {
                // One event alone is larger than the topic accepts: no retry can send it, say which one.
                throw new InvalidOperationException(
                    $"Event {events[next].Id} is larger than the largest message topic {sender.EntityPath} accepts ({batch.MaxSizeInBytes} bytes).");
            }

            await sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
            LogBatchSent(logger, batch.Count, batch.SizeInBytes, sender.EntityPath);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Count} events ({Bytes} bytes) to topic {Topic}")]
    private static partial void LogBatchSent(ILogger logger, int count, long bytes, string topic);
}
