using Azure;
using Azure.Data.Tables;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Storage.Tests.Tables;

[Collection(AzuriteFixture.CollectionName)]
public sealed class QueryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task HostileValuesInAFilterMatchOnlyTheirLiteral()
    {
        var table = await azurite.NewTableAsync("hostile");
        string[] names = ["x' or PartitionKey ne '", "O'Brien", "''''", "ünï©ødé 😀", "plain"];
        for (var i = 0; i < names.Length; i++)
        {
            await table.AddEntityAsync(new TableEntity("p", i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)) { ["Name"] = names[i] });
        }

        await table.AddEntityAsync(new TableEntity("other", "00") { ["Name"] = "x' or PartitionKey ne '" });

        foreach (var name in names)
        {
            var matches = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p"} and Name eq {name}")).ToListAsync();

            var match = Assert.Single(matches);
            Assert.Equal(name, match.GetString("Name"));
            Assert.Equal("p", match.PartitionKey);
        }
    }

    [Fact]
    public async Task TypedFiltersCompareByValue()
    {
        var table = await azurite.NewTableAsync("typedfilter");
        // Azurite compares datetimes in filters at millisecond precision (JS Date); the values differ by 1 ms.
        var when = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var id = Guid.NewGuid();
        await table.AddEntityAsync(new TableEntity("p", "a") { ["L"] = (1L << 53) + 1, ["D"] = 2.0, ["T"] = when, ["G"] = id, ["B"] = true });
        await table.AddEntityAsync(new TableEntity("p", "b") { ["L"] = 1L << 53, ["D"] = 2.5, ["T"] = when.AddMilliseconds(1), ["G"] = Guid.NewGuid(), ["B"] = false });

        async Task<string> Only(FormattableString filter) =>
            Assert.Single(await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(filter)).ToListAsync()).RowKey!;

        Assert.Equal("a", await Only($"L eq {(1L << 53) + 1}"));
        Assert.Equal("a", await Only($"D eq {2.0}"));
        Assert.Equal("a", await Only($"T eq {when}"));
        Assert.Equal("b", await Only($"T gt {when}"));
        Assert.Equal("a", await Only($"G eq {id}"));
        Assert.Equal("b", await Only($"B eq {false}"));
    }

    [Fact]
    public async Task FollowsContinuationAcrossPagesToEveryRow()
    {
        var table = await azurite.NewTableAsync("scan");
        await InsertRowsAsync(table, "p", 2_500);

        using var scope = StorageRequestRecorder.BeginScope();
        var rows = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}")).ToListAsync();

        Assert.Equal(2_500, rows.Count);
        Assert.Equal(2_500, rows.Select(r => r.RowKey).Distinct().Count());
        Assert.Equal(3, scope.Requests); // 1,000 + 1,000 + 500
    }

    [Fact]
    public async Task MaxPerPageSetsThePageSizeAndPagesResumeFromAToken()
    {
        var table = await azurite.NewTableAsync("pages");
        await InsertRowsAsync(table, "p", 250);

        var pages = new List<Page<TableEntity>>();
        await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 100).AsPages())
        {
            pages.Add(page);
        }

        var resumed = new List<TableEntity>();
        await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 100).AsPages(pages[0].ContinuationToken, 100))
        {
            resumed.AddRange(page.Values);
        }

        Assert.Equal([100, 100, 50], pages.Select(p => p.Values.Count));
        Assert.Null(pages[^1].ContinuationToken);
        Assert.Equal(150, resumed.Count);
        Assert.Equal(pages[1].Values[0].RowKey, resumed[0].RowKey);
    }

    [Fact]
    public async Task EnumeratingFetchesPagesOnlyAsNeeded()
    {
        var table = await azurite.NewTableAsync("lazy");
        await InsertRowsAsync(table, "p", 250);

        using var scope = StorageRequestRecorder.BeginScope();
        var firstTen = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(maxPerPage: 100))
        {
            firstTen.Add(entity);
            if (firstTen.Count == 10)
            {
                break;
            }
        }

        Assert.Equal(10, firstTen.Count);
        Assert.Equal(1, scope.Requests);
    }

    [Fact]
    public async Task AQueryOfAnEmptyTableYieldsNothing()
    {
        var table = await azurite.NewTableAsync("empty");

        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    internal static async Task InsertRowsAsync(TableClient table, string partitionKey, int count)
    {
        for (var start = 0; start < count; start += 100)
        {
            var actions = Enumerable.Range(start, Math.Min(100, count - start))
                .Select(i => new TableTransactionAction(
                    TableTransactionActionType.Add,
                    new TableEntity(partitionKey, i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)) { ["N"] = i }))
                .ToList();
            await table.SubmitTransactionAsync(actions);
        }
    }
}
