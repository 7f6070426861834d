using Azure.Data.Tables;
using CspUpgrades.Storage.Diagnostics;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Storage.Tests.Diagnostics;

[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageRequestCounterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AScopeCountsExactlyTheRequestsMadeInsideIt()
    {
        var table = await azurite.NewTableAsync("counted");
        await table.AddEntityAsync(new TableEntity("partner-a", "1"));

        StorageRequestScope scope;
        using (scope = StorageRequestRecorder.BeginScope())
        {
            await table.GetEntityIfExistsAsync<TableEntity>("partner-a", "1");
            await table.UpsertEntityAsync(new TableEntity("partner-a", "2"));
            await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"partner-a"}")).ToListAsync();
        }

        await table.GetEntityIfExistsAsync<TableEntity>("partner-a", "1");

        Assert.Equal(3, scope.Requests);
        // Azure.Data.Tables merges with PATCH (our old client sent MERGE).
        Assert.Equal(["GET", "PATCH", "GET"], scope.Recorded.Select(r => r.Method));
        Assert.All(scope.Recorded, r => Assert.Equal(("partner-a", table.Name), (r.PartitionKey, r.Resource)));
        Assert.Equal("PartitionKey eq 'partner-a'", scope.Recorded[2].Filter);
        Assert.Contains("$filter=", scope.Recorded[2].Query, StringComparison.Ordinal);
        Assert.EndsWith($"/{table.Name}(PartitionKey='partner-a',RowKey='1')", scope.Recorded[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentScopesNeverSeeEachOthersRequests()
    {
        var table = await azurite.NewTableAsync("concurrentscopes");

        async Task<StorageRequestScope> Work(string partition, int requests)
        {
            using var scope = StorageRequestRecorder.BeginScope();
            for (var i = 0; i < requests; i++)
            {
                await table.UpsertEntityAsync(new TableEntity(partition, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                await Task.Yield();
            }

            return scope;
        }

        var scopes = await Task.WhenAll(Task.Run(() => Work("a", 5)), Task.Run(() => Work("b", 7)), Work("c", 3));

        Assert.Equal([5, 7, 3], scopes.Select(s => s.Requests));
        Assert.All(scopes[0].Recorded, r => Assert.Equal("a", r.PartitionKey));
        Assert.All(scopes[1].Recorded, r => Assert.Equal("b", r.PartitionKey));
        Assert.All(scopes[2].Recorded, r => Assert.Equal("c", r.PartitionKey));
    }

    [Fact]
    public async Task NestedScopesBothCountTheInnerRequests()
    {
        var table = await azurite.NewTableAsync("nested");

        using var outer = StorageRequestRecorder.BeginScope();
        await table.GetEntityIfExistsAsync<TableEntity>("p", "1");
        using (var inner = StorageRequestRecorder.BeginScope())
        {
            await table.GetEntityIfExistsAsync<TableEntity>("p", "2");
            Assert.Equal(1, inner.Requests);
        }

        await table.GetEntityIfExistsAsync<TableEntity>("p", "3");

        Assert.Equal(3, outer.Requests);
    }

    [Fact]
    public async Task RecordsTheRowsARequestNamesAndThePartitionsItCanReach()
    {
        var table = await azurite.NewTableAsync("rows");

        using var scope = StorageRequestRecorder.BeginScope();
        await table.AddEntityAsync(new TableEntity("p1", "added"));
        await table.UpsertEntityAsync(new TableEntity("p1", "upserted"));
        await table.GetEntityIfExistsAsync<TableEntity>("p1", "read");
        await table.SubmitTransactionAsync([
            new(TableTransactionActionType.Add, new TableEntity("p2", "one")),
            new(TableTransactionActionType.Add, new TableEntity("p2", "two"))]);
        await table.DeleteEntityAsync("p1", "added");
        await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p1"} or PartitionKey eq {"p2"}")).ToListAsync();
        await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {"one"}")).ToListAsync();

        var recorded = scope.Recorded;
        Assert.Equal(
            new[] { "added", "upserted", "read", "one,two", "added", "", "" },
            recorded.Select(r => string.Join(',', r.RowKeys)));
        Assert.Equal(
            new[] { "p1", "p1", "p1", "p2", "p1", "p1,p2", "(any)" },
            recorded.Select(r => r.Partitions is { } partitions ? string.Join(',', partitions.Order(StringComparer.Ordinal)) : "(any)"));
        // The or-query is not attributed to one partition, but its reach is known.
        Assert.Null(recorded[5].PartitionKey);
    }

    [Fact]
    public async Task QueueRequestsAreAttributedToTheirQueue()
    {
        var queue = await azurite.NewQueueAsync("countedqueue");

        using var scope = StorageRequestRecorder.BeginScope();
        await queue.SendMessageAsync("m");
        await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30));

        Assert.Equal(2, scope.Requests);
        Assert.All(scope.Recorded, r => Assert.Equal(queue.Name, r.Resource));
        Assert.Null(scope.Recorded[0].PartitionKey);
        Assert.Null(scope.Recorded[0].Partitions);
        Assert.Empty(scope.Recorded[0].RowKeys);
    }

    [Fact]
    public async Task ProcessTotalsIncludeRequestsOutsideAnyScope()
    {
        var table = await azurite.NewTableAsync("totals");
        var before = StorageRequestCounter.TotalRequests;

        await table.GetEntityIfExistsAsync<TableEntity>("p", "r");

        Assert.True(StorageRequestCounter.TotalRequests > before);
    }
}
