using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Faults;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Storage.Tests.Pipeline;

[Collection(AzuriteFixture.CollectionName)]
public sealed class RetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A503BeforeStorageSawTheRequestIsRetriedAndSucceeds()
    {
        var table = await azurite.NewTableAsync("retry503");
        var transport = new StorageFaultTransport(HttpClientTransport.Shared).FailNext(StorageFault.Busy);
        var faulty = azurite.Reopen(table, TestClients.TableOptions(transport));

        using var scope = StorageRequestRecorder.BeginScope();
        await faulty.AddEntityAsync(new TableEntity("p", "r"));

        Assert.Equal((1, 2, 1), (scope.Requests, scope.Attempts, scope.Retries));
        Assert.Equal([503, 204], scope.Recorded.Select(r => r.Status));
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
    }

    [Fact]
    public async Task AnIOExceptionFromAPerRetryPolicyIsRetried()
    {
        var queue = await azurite.NewQueueAsync("retryio");
        var faulty = new QueueClient(azurite.ConnectionString, queue.Name, TestClients.QueueOptions(perRetry: new ThrowOncePolicy()));

        using var scope = StorageRequestRecorder.BeginScope();
        await faulty.SendMessageAsync("m");

        Assert.Equal((1, 2), (scope.Requests, scope.Attempts));
        Assert.Equal(0, scope.Recorded[0].Status);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    /// <summary>
    /// The ambiguous write: storage applied the insert, the answer was lost, the retry meets the row it just wrote.
    /// The client cannot tell "someone else's row" from "my own earlier attempt"; the layer above must — by keying
    /// the row deterministically and reading it back (same operation id → already done).
    /// </summary>
    [Fact]
    public async Task A503AfterStorageAppliedAnAddMakesTheRetryMeet409()
    {
        var table = await azurite.NewTableAsync("ambiguous");
        var transport = new StorageFaultTransport(HttpClientTransport.Shared).FailNext(StorageFault.AnswerLost);
        var faulty = azurite.Reopen(table, TestClients.TableOptions(transport));

        using var scope = StorageRequestRecorder.BeginScope();
        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => faulty.AddEntityAsync(new TableEntity("p", "op-1") { ["Amount"] = 100L }));

        Assert.Equal((409, "EntityAlreadyExists"), (error.Status, error.ErrorCode));
        Assert.Equal((1, 2), (scope.Requests, scope.Attempts));
        var row = Assert.Single(await table.QueryAsync<TableEntity>().ToListAsync());
        Assert.Equal(100L, row.GetInt64("Amount"));
    }

    [Fact]
    public async Task NonRetryableFailuresAreNotRetried()
    {
        var table = await azurite.NewTableAsync("noretry");
        await table.AddEntityAsync(new TableEntity("p", "r"));

        using var scope = StorageRequestRecorder.BeginScope();
        await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(1, scope.Attempts);
    }

    [Fact]
    public async Task RetriesStopAtTheConfiguredLimitAndSurfaceTheLastFailure()
    {
        var table = await azurite.NewTableAsync("giveup");
        var transport = new StorageFaultTransport(HttpClientTransport.Shared).FailNext(StorageFault.Busy, 100);
        var faulty = azurite.Reopen(table, TestClients.TableOptions(transport, maxRetries: 2));

        using var scope = StorageRequestRecorder.BeginScope();
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => faulty.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal((503, "ServerBusy"), (error.Status, error.ErrorCode));
        Assert.Equal(3, scope.Attempts);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
    }

    private sealed class ThrowOncePolicy : HttpPipelinePolicy
    {
        private int _thrown;

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            Interlocked.Exchange(ref _thrown, 1) == 0
                ? throw new IOException("Injected: connection reset.")
                : ProcessNextAsync(message, pipeline);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}
