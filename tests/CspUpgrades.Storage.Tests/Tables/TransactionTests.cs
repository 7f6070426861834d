using Azure;
using Azure.Data.Tables;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Storage.Tests.Tables;

[Collection(AzuriteFixture.CollectionName)]
public sealed class TransactionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AppliesEveryKindOfActionAndReturnsTheirETags()
    {
        var table = await azurite.NewTableAsync("txapply");
        var mergeTarget = (await table.AddEntityAsync(new TableEntity("p", "merge") { ["A"] = 1, ["B"] = 1 })).ETag();
        await table.AddEntityAsync(new TableEntity("p", "replace") { ["A"] = 1, ["B"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "delete"));
        await table.AddEntityAsync(new TableEntity("p", "upsertmerge") { ["A"] = 1, ["B"] = 1 });

        var responses = await table.SubmitEntityGroupAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["A"] = 2 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["A"] = 2 }, mergeTarget),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["A"] = 2 }, ETag.All),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsertmerge") { ["A"] = 2 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsertreplace") { ["A"] = 2 }),
        ]);

        Assert.Equal(6, responses.Count);
        Assert.All(responses.Where((_, i) => i != 3), r => Assert.NotNull(r.Headers.ETag));
        var rows = (await table.QueryAsync<TableEntity>().ToListAsync()).ToDictionary(e => e.RowKey!);
        Assert.Equal(["add", "merge", "replace", "upsertmerge", "upsertreplace"], rows.Keys.Order());
        Assert.Equal((2, 1), (rows["merge"].GetInt32("A"), rows["merge"].GetInt32("B")));
        Assert.False(rows["replace"].ContainsKey("B"));
        Assert.Equal((2, 1), (rows["upsertmerge"].GetInt32("A"), rows["upsertmerge"].GetInt32("B")));
        Assert.Equal(responses[0].ETag(), rows["add"].ETag);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(99)]
    public async Task AnExistingEntityAtIndexKFailsTheWholeTransactionAndNamesK(int k)
    {
        var table = await azurite.NewTableAsync("txdup");
        await table.AddEntityAsync(new TableEntity("p", Row(k)) { ["Original"] = true });
        var actions = Enumerable.Range(0, Math.Max(k + 1, 5))
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", Row(i))))
            .ToList();

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitEntityGroupAsync(actions));

        Assert.Equal(k, error.FailedTransactionActionIndex);
        Assert.Equal((409, "EntityAlreadyExists"), (error.Status, error.ErrorCode));
        var left = Assert.Single(await table.QueryAsync<TableEntity>().ToListAsync());
        Assert.True(left.GetBoolean("Original"));
    }

    [Fact]
    public async Task TheSameRowTwiceInOneTransactionIsRejectedAtTheSecondOccurrence()
    {
        var table = await azurite.NewTableAsync("txtwice");

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitEntityGroupAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.Add, new TableEntity("p", "b")),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "a")),
        ]));

        Assert.Equal(2, error.FailedTransactionActionIndex);
        Assert.Equal(400, error.Status);
        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task AFailedDeleteRollsBackEarlierActions()
    {
        var table = await azurite.NewTableAsync("txrollback");
        await table.AddEntityAsync(new TableEntity("p", "keep"));

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitEntityGroupAsync(
        [
            new(TableTransactionActionType.Delete, new TableEntity("p", "keep")),
            new(TableTransactionActionType.Delete, new TableEntity("p", "missing")),
        ]));

        Assert.Equal((1, 404), (error.FailedTransactionActionIndex, error.Status));
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "keep")).HasValue);
    }

    [Fact]
    public async Task MoreThan100ActionsAreRefusedBeforeSending()
    {
        var table = await azurite.NewTableAsync("txtoobig");
        var actions = Enumerable.Range(0, 101)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", Row(i))))
            .ToList();

        using var scope = StorageRequestRecorder.BeginScope();
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitEntityGroupAsync(actions));

        Assert.Equal(0, scope.Attempts);
    }

    [Fact]
    public async Task ACrossPartitionTransactionIsRefusedBeforeSending()
    {
        // Azurite would accept it; the real service would not.
        var table = await azurite.NewTableAsync("txcross");

        using var scope = StorageRequestRecorder.BeginScope();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitEntityGroupAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("partner-a", "1")),
            new(TableTransactionActionType.Add, new TableEntity("partner-b", "1")),
        ]));

        Assert.Equal(0, scope.Attempts);
        Assert.Contains("action 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task AnEmptyTransactionIsRefusedBeforeSending()
    {
        var table = await azurite.NewTableAsync("txempty");

        using var scope = StorageRequestRecorder.BeginScope();
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitEntityGroupAsync([]));

        Assert.Equal(0, scope.Attempts);
    }

    [Fact]
    public async Task ExactlyOneHundredActionsCommitInOneRequest()
    {
        var table = await azurite.NewTableAsync("txhundred");
        var actions = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", Row(i)) { ["I"] = i }))
            .ToList();

        IReadOnlyList<Response> responses;
        StorageRequestScope scope;
        using (scope = StorageRequestRecorder.BeginScope())
        {
            responses = await table.SubmitEntityGroupAsync(actions);
        }

        Assert.Equal(1, scope.Requests);
        Assert.Equal(100, responses.Count);
        Assert.Equal(100, (await table.QueryAsync<TableEntity>().ToListAsync()).Count);
        Assert.Equal("p", Assert.Single(scope.Recorded).PartitionKey);
    }

    [Fact]
    public async Task AnUpdateWithoutAnETagIsRefusedBeforeSending()
    {
        // Inside a batch the SDK sends an update without an ETag with no If-Match at all: an upsert.
        var table = await azurite.NewTableAsync("txnoetag");

        using var scope = StorageRequestRecorder.BeginScope();
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitEntityGroupAsync(
            [new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "missing"))]));

        Assert.Equal(0, scope.Attempts);
        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task TheSdkAloneSendsACrossPartitionTransactionAndAzuriteAppliesIt()
    {
        // Why EntityGroupTransaction is the one guard: neither Azure.Data.Tables nor Azurite refuses this; the real service does.
        var table = await azurite.NewTableAsync("txsdkcross");

        using var scope = StorageRequestRecorder.BeginScope();
        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("partner-a", "1")),
            new(TableTransactionActionType.Add, new TableEntity("partner-b", "1")),
        ]);

        Assert.Equal(1, scope.Attempts);
        Assert.Equal(2, (await table.QueryAsync<TableEntity>().ToListAsync()).Count);
    }

    private static string Row(int i) => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}
