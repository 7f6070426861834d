using System.Text.RegularExpressions;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>Reads recorded <c>$filter</c>s the way the service parses them: quotes delimit literals, '' is a quote inside one.</summary>
public static partial class Filters
{
    /// <summary>
    /// The filter is <c>PartitionKey eq '{partitionKey}' and (…)</c> with the parenthesis closing only at the very end, so
    /// whatever is or-ed inside it, every row it can match lies in that one partition.
    /// </summary>
    public static void AssertPinnedTo(string partitionKey, string? filter)
    {
        Assert.NotNull(filter);
        var prefix = $"PartitionKey eq '{partitionKey.Replace("'", "''", StringComparison.Ordinal)}' and (";
        Assert.StartsWith(prefix, filter, StringComparison.Ordinal);
        var rest = Literal().Replace(filter[prefix.Length..], "''");
        var depth = 1;
        for (var i = 0; i < rest.Length; i++)
        {
            depth += rest[i] switch { '(' => 1, ')' => -1, _ => 0 };
            Assert.True(depth > 0 || i == rest.Length - 1, $"The partition condition stops applying at '{rest[..(i + 1)]}' in: {filter}");
        }

        Assert.Equal(0, depth);
    }

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Literal();
}
