using CspUpgrades.Storage.Tables;

namespace CspUpgrades.Storage.Tests.Tables;

public sealed class TableEntityTests
{
    [Fact]
    public void KeysAreDictionaryEntries()
    {
        var entity = new TableEntity("p", "r") { ["A"] = 1 };

        Assert.Equal("p", entity["PartitionKey"]);
        Assert.Equal("r", entity["RowKey"]);
        Assert.Equal(3, entity.Count);
    }

    [Fact]
    public void UnsupportedValueTypesAreRefusedWhenSet()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["Money"] = 1.5m);
        Assert.Throws<ArgumentException>(() => entity["Short"] = (short)1);
        Assert.Throws<ArgumentNullException>(() => entity["Null"] = null!);
        Assert.False(entity.ContainsKey("Money"));
    }

    [Fact]
    public void DateTimesAreStoredAsUtcInstants()
    {
        var local = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).ToLocalTime();
        var entity = new TableEntity("p", "r") { ["Local"] = local, ["Unspecified"] = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Unspecified) };

        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), entity.GetDateTimeOffset("Local"));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), entity.GetDateTimeOffset("Unspecified"));
    }

    [Fact]
    public void NumericGettersWidenButNeverNarrow()
    {
        var entity = new TableEntity("p", "r") { ["I"] = 5, ["L"] = 5L };

        Assert.Equal(5L, entity.GetInt64("I"));
        Assert.Equal(5.0, entity.GetDouble("I"));
        Assert.Throws<InvalidOperationException>(() => entity.GetInt32("L"));
    }
}
