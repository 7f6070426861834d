using Azure.Storage.Queues;

namespace CspUpgrades.Functions.ExecuteUpgrade;

/// <summary>The <c>upgrade-requests</c> queue, as the request side sees it.</summary>
public class UpgradeQueue(QueueClient queue)
{
    public virtual Task EnqueueAsync(UpgradeMessage message, CancellationToken cancellationToken) =>
        queue.SendMessageAsync(message.ToQueueText(), cancellationToken: cancellationToken);
}
