using CspUpgrades.Storage.Connection;
using CspUpgrades.Storage.Queues;

namespace CspUpgrades.Functions.Composition;

/// <summary>Queue clients on the app's storage account, one per queue name, created once and shared.</summary>
public class QueueClientFactory(StorageConnection connection, StorageClientOptions options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, QueueClient> _clients = new(StringComparer.Ordinal);

    public virtual QueueClient Create(string queueName) =>
        _clients.GetOrAdd(queueName, name => new QueueClient(connection, name, options));
}
