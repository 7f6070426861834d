using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Functions.Upgrades;

namespace CspUpgrades.Functions.Composition;

/// <summary>
/// Creates the table and queues if they are missing (Azurite starts empty; in Azure the templates
/// create them and this is a no-op). Runs before the app takes requests, so a wrong storage setting
/// fails the start, loudly, instead of the first request.
/// </summary>
public sealed class StorageInitializer(TableClient table, QueueServiceClient queues) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The SDK answers an existing table with its 409 response, not an exception, and an existing queue with null.
        await table.CreateIfNotExistsAsync(cancellationToken);
        await queues.GetQueueClient(UpgradeQueue.Name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(UpgradeQueue.PoisonName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
