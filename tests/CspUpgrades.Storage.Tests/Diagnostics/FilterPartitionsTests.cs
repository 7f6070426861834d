using Azure.Data.Tables;
using CspUpgrades.Testing.Azurite.Requests;

namespace CspUpgrades.Storage.Tests.Diagnostics;

/// <summary>Which partitions a query can reach, judged from its filter; used to prove a partner's queries stay in its partitions.</summary>
public sealed class FilterPartitionsTests
{
    public static TheoryData<string, string[]> Confined => new()
    {
        { "PartitionKey eq 'a|c'", ["a|c"] },
        { "PartitionKey eq 'a|c' and RowKey ge 'profile' and RowKey lt 'sub}'", ["a|c"] },
        { "RowKey eq 'x' and PartitionKey eq 'a|c'", ["a|c"] },
        { "PartitionKey eq 'a|c' and (RowKey eq 'op|1' or RowKey eq 'sub|s|claim')", ["a|c"] },
        { "PartitionKey eq 'a|c' or PartitionKey eq 'a|~partner'", ["a|c", "a|~partner"] },
        { "(PartitionKey eq 'a|c' and RowKey eq '1') or (PartitionKey eq 'a|d' and RowKey eq '2')", ["a|c", "a|d"] },
        { "'a|c' eq PartitionKey", ["a|c"] },
        { "PartitionKey eq 'o''brien|c'", ["o'brien|c"] },
        { "PartitionKey eq 'x or PartitionKey ne ''y''' and Amount gt 100L and When lt datetime'2026-01-01T00:00:00.0000000Z'", ["x or PartitionKey ne 'y'"] },
        { "PartitionKey eq 'a' and PartitionKey eq 'b'", [] },
    };

    [Theory]
    [MemberData(nameof(Confined))]
    public void AFilterThatPinsPartitionsReachesExactlyThose(string filter, string[] partitions)
    {
        Assert.Equal(partitions.Order(StringComparer.Ordinal), FilterPartitions.Reachable(filter)!.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("RowKey eq 'profile'")]
    [InlineData("PartitionKey eq 'a|c' or RowKey eq 'profile'")]
    [InlineData("PartitionKey ge 'a|' and PartitionKey lt 'a|~'")]
    [InlineData("PartitionKey ne 'a|c'")]
    [InlineData("not (PartitionKey eq 'a|c')")]
    [InlineData("PartitionKey eq 'a|c' or (PartitionKey eq 'a|d' or Status eq 'active')")]
    [InlineData("PartitionKey eq 'unterminated")]
    [InlineData("PartitionKey eq 'a|c')")]
    public void AFilterThatDoesNotConfineTheQueryReachesAnyPartition(string? filter)
    {
        Assert.Null(FilterPartitions.Reachable(filter));
    }

    [Fact]
    public void ReadsFiltersAsTheEscapingBuilderWritesThem()
    {
        var hostile = "a' or PartitionKey ne '";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {hostile} and (RowKey eq {"x"} or RowKey eq {"y"})");

        Assert.Equal([hostile], FilterPartitions.Reachable(filter)!);
    }
}
