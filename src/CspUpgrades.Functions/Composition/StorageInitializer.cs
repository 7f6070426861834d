using CspUpgrades.Functions.Hosting;
using CspUpgrades.Storage.Tables;

namespace CspUpgrades.Functions.Composition;

/// <summary>
/// Creates the table and queues if they are missing (Azurite starts empty; in Azure the templates
/// create them and this is a no-op). Runs before the app takes requests, so a wrong storage setting
/// fails the start, loudly, instead of the first request.
/// </summary>
public sealed class StorageInitializer(TableClient table, QueueClientFactory queues) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken);
        await queues.Create(FunctionManifest.UpgradeQueue).CreateIfNotExistsAsync(cancellationToken);
        await queues.Create(FunctionManifest.UpgradePoisonQueue).CreateIfNotExistsAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
