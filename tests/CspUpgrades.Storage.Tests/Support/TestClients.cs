using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Storage.Clients;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Storage.Tests.Support;

/// <summary>Official clients (with the app's <see cref="StorageClientDefaults"/>, and the tests' <see cref="StorageRequestRecorder"/>
/// for scopes to see their requests) on a fresh table or queue of the shared Azurite, with quick retries so fault tests stay fast.</summary>
public static class TestClients
{
    public static TableClientOptions TableOptions(HttpPipelineTransport? transport = null, HttpPipelinePolicy? perRetry = null, int maxRetries = 5) =>
        Quick(StorageRequestRecorder.AddTo(StorageClientDefaults.TableOptions()), transport, perRetry, maxRetries);

    public static QueueClientOptions QueueOptions(HttpPipelineTransport? transport = null, HttpPipelinePolicy? perRetry = null, int maxRetries = 5) =>
        Quick(StorageRequestRecorder.AddTo(StorageClientDefaults.QueueOptions()), transport, perRetry, maxRetries);

    public static async Task<TableClient> NewTableAsync(this AzuriteFixture azurite, string prefix, TableClientOptions? options = null)
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName(prefix), options ?? TableOptions());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    public static async Task<QueueClient> NewQueueAsync(this AzuriteFixture azurite, string prefix, QueueClientOptions? options = null)
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName(prefix), options ?? QueueOptions());
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    /// <summary>A client on an existing table, with other options (for fault injection).</summary>
    public static TableClient Reopen(this AzuriteFixture azurite, TableClient table, TableClientOptions options) =>
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

    private static T Quick<T>(T options, HttpPipelineTransport? transport, HttpPipelinePolicy? perRetry, int maxRetries)
        where T : ClientOptions
    {
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
}
