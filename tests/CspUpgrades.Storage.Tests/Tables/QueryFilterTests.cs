using CspUpgrades.Storage.Tables;

namespace CspUpgrades.Storage.Tests.Tables;

public sealed class QueryFilterTests
{
    [Fact]
    public void QuotesStringsAndDoublesTheirQuotes() =>
        Assert.Equal("Name eq 'O''Brien'", TableClient.CreateQueryFilter($"Name eq {"O'Brien"}"));

    [Fact]
    public void InjectionStaysInsideOneLiteral() =>
        Assert.Equal(
            "PartitionKey eq 'x'' or PartitionKey ne '''",
            TableClient.CreateQueryFilter($"PartitionKey eq {"x' or PartitionKey ne '"}"));

    [Fact]
    public void FormatsEveryTypeAsItsODataLiteral()
    {
        var id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        var when = new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var filter = TableClient.CreateQueryFilter(
            $"B eq {true} and I eq {-5} and L eq {9_007_199_254_740_993L} and D eq {2.5} and W eq {3.0} and T eq {when} and G eq {id} and X eq {new byte[] { 0x0a, 0xff }}");

        Assert.Equal(
            "B eq true and I eq -5 and L eq 9007199254740993L and D eq 2.5 and W eq 3.0 and T eq datetime'2024-01-02T03:04:05.1234567Z' " +
            "and G eq guid'6f9619ff-8b86-d011-b42d-00c04fc964ff' and X eq X'0aff'",
            filter);
    }

    [Fact]
    public void RefusesTypesItCannotEscape()
    {
        Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"A eq {1.5m}"));
        Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"A eq {new object()}"));
        Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"A eq {(string?)null}"));
        Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"A eq {double.NaN}"));
    }

    [Theory]
    [InlineData("PartitionKey eq 'a'", "a")]
    [InlineData("PartitionKey eq 'O''Brien' and RowKey ge 'x'", "O'Brien")]
    [InlineData("RowKey ge 'x' and PartitionKey eq 'a'", "a")]
    [InlineData("(PartitionKey eq 'a') and (RowKey lt 'b')", "a")]
    [InlineData("PartitionKey eq 'a' or PartitionKey eq 'b'", null)]
    [InlineData("not PartitionKey eq 'a'", null)]
    [InlineData("PartitionKey ne 'a'", null)]
    [InlineData("RowKey eq 'and PartitionKey eq ''a'''", null)]
    [InlineData("Name eq 'or' and PartitionKey eq 'a'", "a")]
    [InlineData(null, null)]
    public void FindsThePartitionAFilterPins(string? filter, string? partition) =>
        Assert.Equal(partition, TableOdataFilter.SinglePartition(filter));
}
