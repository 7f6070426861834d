using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;

namespace CspUpgrades.Storage.Composition;

/// <summary>
/// Creates the table and the queues its registration names if they are missing (Azurite starts empty; in Azure the
/// templates create them and this is a no-op). Runs before the app takes requests, so a wrong storage setting
/// fails the start, loudly, instead of the first request.
/// </summary>
public sealed class StorageInitializer(TableClient table, QueueServiceClient queues, IReadOnlyList<string> queueNames) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The SDK answers an existing table with its 409 response, not an exception, and an existing queue with null.
        await table.CreateIfNotExistsAsync(cancellationToken);
        foreach (var queueName in queueNames)
        {
            await queues.GetQueueClient(queueName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
