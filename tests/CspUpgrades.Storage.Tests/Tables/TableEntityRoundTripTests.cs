using Azure.Data.Tables;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.Tables;

[Collection(AzuriteFixture.CollectionName)]
public sealed class TableEntityRoundTripTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset SevenDigitInstant =
        new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    public static TheoryData<string, object> TypedValues => new()
    {
        { "Text", "héllo wörld ✓ 😀 中文 \"quoted\" \\ back" },
        { "EmptyText", string.Empty },
        { "Yes", true },
        { "No", false },
        { "IntMin", int.MinValue },
        { "IntMax", int.MaxValue },
        { "LongAbove2Pow53", (1L << 53) + 1 },
        { "LongMin", long.MinValue },
        { "LongMax", long.MaxValue },
        { "LongSmall", 5L },
        { "Fraction", 1234.5678 },
        { "WholeDouble", 2.0 },
        { "NegativeDouble", -0.1 },
        { "TinyDouble", double.Epsilon },
        { "HugeDouble", double.MaxValue },
        { "NotANumber", double.NaN },
        { "When", SevenDigitInstant },
        { "Id", Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff") },
        { "Bytes", new byte[] { 0, 1, 2, 127, 128, 254, 255 } },
        { "NoBytes", Array.Empty<byte>() },
    };

    [Theory]
    [MemberData(nameof(TypedValues))]
    public async Task PointReadReturnsEveryTypeExactly(string name, object value)
    {
        var table = await azurite.NewTableAsync("roundtrip");
        await table.AddEntityAsync(new TableEntity("p", "r") { [name] = value });

        var read = (await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).Value!;

        AssertSameValue(value, read[name]);
    }

    [Fact]
    public async Task QueryReturnsEveryTypeExactly()
    {
        var table = await azurite.NewTableAsync("roundtripquery");
        var entity = new TableEntity("p", "r");
        foreach (var row in TypedValues)
        {
            entity[(string)row[0]] = row[1];
        }

        await table.AddEntityAsync(entity);

        var read = Assert.Single(await table.QueryAsync<TableEntity>().ToListAsync());

        foreach (var row in TypedValues)
        {
            AssertSameValue(row[1], read[(string)row[0]]);
        }
    }

    [Fact]
    public async Task InfinitiesAreRefusedBeforeSending()
    {
        // Our old client wrote them as Edm.Double "Infinity"; the SDK's JSON writer refuses them (NaN it still writes).
        var table = await azurite.NewTableAsync("infinity");

        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["D"] = double.PositiveInfinity }));

        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task ReadsCarryKeysTimestampAndTheWriteETag()
    {
        var table = await azurite.NewTableAsync("metadata");
        var etag = (await table.AddEntityAsync(new TableEntity("partition", "row") { ["A"] = 1 })).ETag();

        var read = (await table.GetEntityIfExistsAsync<TableEntity>("partition", "row")).Value!;

        Assert.Equal("partition", read.PartitionKey);
        Assert.Equal("row", read.RowKey);
        Assert.Equal(etag, read.ETag);
        Assert.NotEqual(default, etag);
        Assert.InRange(read.Timestamp!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task TypedGettersReadWhatWasWritten()
    {
        var table = await azurite.NewTableAsync("getters");
        var id = Guid.NewGuid();
        await table.AddEntityAsync(new TableEntity("p", "r")
        {
            ["S"] = "s", ["B"] = true, ["I"] = 7, ["L"] = long.MaxValue, ["D"] = 0.5, ["T"] = SevenDigitInstant, ["G"] = id, ["X"] = new byte[] { 9 },
        });

        var read = (await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).Value!;

        Assert.Equal("s", read.GetString("S"));
        Assert.True(read.GetBoolean("B"));
        Assert.Equal(7, read.GetInt32("I"));
        // The SDK's getters never convert: an Int32 property is not an Int64 (our old client widened it).
        Assert.Throws<InvalidOperationException>(() => read.GetInt64("I"));
        Assert.Equal(long.MaxValue, read.GetInt64("L"));
        Assert.Equal(0.5, read.GetDouble("D"));
        Assert.Equal(SevenDigitInstant, read.GetDateTimeOffset("T"));
        Assert.Equal(SevenDigitInstant.UtcTicks, read.GetDateTimeOffset("T")!.Value.UtcTicks);
        Assert.Equal(id, read.GetGuid("G"));
        Assert.Equal(new byte[] { 9 }, read.GetBinary("X"));
        Assert.Null(read.GetString("Missing"));
        Assert.Throws<InvalidOperationException>(() => read.GetInt32("S"));
    }

    [Fact]
    public async Task SelectReturnsOnlyTheNamedProperties()
    {
        var table = await azurite.NewTableAsync("select");
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Keep"] = "k", ["Drop"] = "d" });

        var point = (await table.GetEntityIfExistsAsync<TableEntity>("p", "r", ["Keep"])).Value!;
        var queried = Assert.Single(await table.QueryAsync<TableEntity>(select: ["Keep"]).ToListAsync());

        Assert.Equal("k", point.GetString("Keep"));
        Assert.False(point.ContainsKey("Drop"));
        Assert.Equal("k", queried.GetString("Keep"));
        Assert.False(queried.ContainsKey("Drop"));
    }

    [Fact]
    public async Task UpsertMergeKeepsOtherPropertiesAndReplaceDropsThem()
    {
        var table = await azurite.NewTableAsync("upsert");
        await table.UpsertEntityAsync(new TableEntity("p", "merge") { ["A"] = 1, ["B"] = 2 }, TableUpdateMode.Replace);
        await table.UpsertEntityAsync(new TableEntity("p", "replace") { ["A"] = 1, ["B"] = 2 }, TableUpdateMode.Replace);

        await table.UpsertEntityAsync(new TableEntity("p", "merge") { ["A"] = 10 }, TableUpdateMode.Merge);
        await table.UpsertEntityAsync(new TableEntity("p", "replace") { ["A"] = 10 }, TableUpdateMode.Replace);

        var merged = (await table.GetEntityIfExistsAsync<TableEntity>("p", "merge")).Value!;
        var replaced = (await table.GetEntityIfExistsAsync<TableEntity>("p", "replace")).Value!;
        Assert.Equal((10, 2), (merged.GetInt32("A"), merged.GetInt32("B")));
        Assert.Equal(10, replaced.GetInt32("A"));
        Assert.False(replaced.ContainsKey("B"));
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("''''")]
    [InlineData("ünï©ødé 中文 😀")]
    [InlineData("a b+c%20d&e=f")]
    [InlineData("")]
    public async Task AwkwardKeysAddressExactlyTheirEntity(string key)
    {
        var table = await azurite.NewTableAsync("keys");
        await table.AddEntityAsync(new TableEntity(key, key) { ["Key"] = key });
        await table.AddEntityAsync(new TableEntity(key, key + "-other"));

        var read = await table.GetEntityIfExistsAsync<TableEntity>(key, key);
        var etag = (await table.UpdateEntityAsync(new TableEntity(key, key) { ["Seen"] = true }, read.Value!.ETag)).ETag();
        var deleted = await table.DeleteEntityAsync(key, key, etag);

        Assert.Equal(key, read.Value!.GetString("Key"));
        Assert.Equal(204, deleted.Status);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(key, key)).HasValue);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>(key, key + "-other")).HasValue);
    }

    private static void AssertSameValue(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        if (expected is double d)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits((double)actual));
        }
        else if (expected is DateTimeOffset instant)
        {
            Assert.Equal(instant.UtcTicks, ((DateTimeOffset)actual).UtcTicks);
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }
}
