using Azure.Storage.Queues;

namespace CspUpgrades.Functions.Upgrades;

/// <summary>The <c>upgrade-requests</c> queue, as the request side sees it.</summary>
public class UpgradeQueue(QueueClient queue)
{
    public const string Name = "upgrade-requests";

    /// <summary>Where the host moves a message after host.json's maxDequeueCount failed deliveries.</summary>
    public const string PoisonName = Name + "-poison";

    public virtual Task EnqueueAsync(UpgradeMessage message, CancellationToken cancellationToken) =>
        queue.SendMessageAsync(message.ToQueueText(), cancellationToken: cancellationToken);
}
