using Azure.Core;
using Azure.Core.Pipeline;
using CspUpgrades.Storage.Connection;
using CspUpgrades.Storage.Queues;
using CspUpgrades.Storage.Tables;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.Support;

/// <summary>Clients on a fresh table or queue of the shared Azurite, with quick retries so fault tests stay fast.</summary>
public static class TestClients
{
    public static StorageClientOptions Options(HttpPipelineTransport? transport = null, HttpPipelinePolicy? perRetry = null, int maxRetries = 5)
    {
        var options = new StorageClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxRetries = maxRetries;
        if (transport is not null)
        {
            options.Transport = transport;
        }

        if (perRetry is not null)
        {
            options.AddPolicy(perRetry, HttpPipelinePosition.PerRetry);
        }

        return options;
    }

    public static async Task<TableClient> NewTableAsync(this AzuriteFixture azurite, string prefix, StorageClientOptions? options = null)
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName(prefix), options ?? Options());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    public static async Task<QueueClient> NewQueueAsync(this AzuriteFixture azurite, string prefix, StorageClientOptions? options = null)
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName(prefix), options ?? Options());
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    /// <summary>A client on an existing table, with other options (for fault injection).</summary>
    public static TableClient Reopen(this AzuriteFixture azurite, TableClient table, StorageClientOptions options) =>
        new(azurite.ConnectionString, table.Name, options);

    public static async Task<List<TableEntity>> ToListAsync(this IAsyncEnumerable<TableEntity> entities)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in entities)
        {
            list.Add(entity);
        }

        return list;
    }
}
