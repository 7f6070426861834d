using Azure;
using Azure.Data.Tables;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.Tables;

/// <summary>
/// What the emulator does with conditions inside an entity group transaction: the customer-wide seat guard
/// (<c>CspUpgrades.Storage.Customers.SeatLedgerEntity</c>) stands on these facts, so they are tested, not assumed.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class BatchConditionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AStaleETagOnAnUpdateInsideABatchFailsTheWholeBatch()
    {
        var table = await azurite.NewTableAsync("batchifmatch");
        var first = (await table.AddEntityAsync(new TableEntity("p", "guard") { ["V"] = 1 })).ETag();
        await table.UpdateEntityAsync(new TableEntity("p", "guard") { ["V"] = 2 }, first, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "effect")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "guard") { ["V"] = 3 }, first),
        ]));

        Assert.Equal((1, 412), (error.FailedTransactionActionIndex, error.Status));
        Assert.Equal(2, (await table.GetEntityIfExistsAsync<TableEntity>("p", "guard")).Value!.GetInt32("V"));
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "effect")).HasValue);
    }

    [Fact]
    public async Task AStaleETagOnADeleteInsideABatchFailsTheWholeBatch()
    {
        var table = await azurite.NewTableAsync("batchdelete");
        var first = (await table.AddEntityAsync(new TableEntity("p", "guard") { ["V"] = 1 })).ETag();
        await table.UpdateEntityAsync(new TableEntity("p", "guard") { ["V"] = 2 }, first, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "effect")),
            new(TableTransactionActionType.Delete, new TableEntity("p", "guard"), first),
        ]));

        Assert.Equal((1, 412), (error.FailedTransactionActionIndex, error.Status));
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "effect")).HasValue);
    }

    [Fact]
    public async Task OfTwoConcurrentBatchesGuardedByOneETagExactlyOneCommits()
    {
        var table = await azurite.NewTableAsync("batchrace");
        for (var round = 0; round < 30; round++)
        {
            var guard = $"guard-{round}";
            var etag = (await table.AddEntityAsync(new TableEntity("p", guard) { ["V"] = 0 })).ETag();

            var outcomes = await Concurrently(Enumerable.Range(0, 2).Select(worker => (Func<Task<int>>)(() => Outcome(() => table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity("p", $"effect-{round}-{worker}")),
                new(TableTransactionActionType.UpdateReplace, new TableEntity("p", guard) { ["V"] = worker + 1 }, etag),
            ])))).ToArray());

            Assert.Equal(1, outcomes.Count(o => o == 0));
            Assert.Equal(1, outcomes.Count(o => o == 412));
            var effects = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"effect-" + round + "-"} and RowKey lt {"effect-" + round + "."}")).ToListAsync();
            Assert.Single(effects);
        }
    }

    private static async Task<T[]> Concurrently<T>(Func<Task<T>>[] calls)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = calls.Select(call => Task.Run(async () =>
        {
            await gate.Task;
            return await call();
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    // 0 for success, else the HTTP status of the failure.
    private static async Task<int> Outcome(Func<Task> write)
    {
        try
        {
            await write();
            return 0;
        }
        catch (RequestFailedException e)
        {
            return e.Status;
        }
    }
}
