using Azure;
using Azure.Data.Tables;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.Tables;

[Collection(AzuriteFixture.CollectionName)]
public sealed class ConcurrencyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AStaleETagFailsWith412AndChangesNothing()
    {
        var table = await azurite.NewTableAsync("stale");
        var first = (await table.AddEntityAsync(new TableEntity("p", "r") { ["Status"] = "new" })).ETag();
        var second = (await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Status"] = "claimed" }, first)).ETag();

        var update = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["Status"] = "stolen" }, first, TableUpdateMode.Replace));
        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", first));

        Assert.Equal((412, "UpdateConditionNotSatisfied"), (update.Status, update.ErrorCode));
        Assert.Equal((412, "UpdateConditionNotSatisfied"), (delete.Status, delete.ErrorCode));
        var stored = (await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).Value!;
        Assert.Equal("claimed", stored.GetString("Status"));
        Assert.Equal(second, stored.ETag);
    }

    [Fact]
    public async Task ADuplicateAddFailsWith409EntityAlreadyExists()
    {
        var table = await azurite.NewTableAsync("duplicate");
        await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }));

        Assert.Equal((409, "EntityAlreadyExists"), (error.Status, error.ErrorCode));
        Assert.Equal(1, (await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).Value!.GetInt32("V"));
    }

    [Fact]
    public async Task TwoConcurrentAddsOfOneKeyLetExactlyOneWin()
    {
        var table = await azurite.NewTableAsync("claimadd");
        for (var round = 0; round < 10; round++)
        {
            var key = $"claim-{round}";
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(worker => Outcome(
                () => table.AddEntityAsync(new TableEntity("p", key) { ["Worker"] = worker }))));

            Assert.Equal(1, outcomes.Count(o => o == 0));
            Assert.Equal(1, outcomes.Count(o => o == 409));
        }
    }

    [Fact]
    public async Task TwoConcurrentUpdatesWithOneETagLetExactlyOneWin()
    {
        var table = await azurite.NewTableAsync("claimupdate");
        for (var round = 0; round < 10; round++)
        {
            var key = $"claim-{round}";
            var etag = (await table.AddEntityAsync(new TableEntity("p", key) { ["Owner"] = "nobody" })).ETag();

            var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(worker => Outcome(
                () => table.UpdateEntityAsync(new TableEntity("p", key) { ["Owner"] = $"worker-{worker}" }, etag))));

            Assert.Equal(1, outcomes.Count(o => o == 0));
            Assert.Equal(1, outcomes.Count(o => o == 412));
            Assert.StartsWith("worker-", (await table.GetEntityIfExistsAsync<TableEntity>("p", key)).Value!.GetString("Owner"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UpdatingAMissingEntityFailsWith404()
    {
        var table = await azurite.NewTableAsync("missingupdate");

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "nobody"), ETag.All));

        Assert.Equal(404, error.Status);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "nobody")).HasValue);
    }

    [Fact]
    public async Task UpdateWithoutAnETagIsRefusedRatherThanUpserting()
    {
        var table = await azurite.NewTableAsync("noetag");

        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), default));

        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
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
