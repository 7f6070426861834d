using System.Text.RegularExpressions;

namespace CspUpgrades.Storage.Tables;

/// <summary>Checks table names and entity keys, and writes the entity address <c>table(PartitionKey='…',RowKey='…')</c>.</summary>
internal static partial class TableKeys
{
    public static string ValidateTableName(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableNamePattern().IsMatch(tableName))
        {
            throw new ArgumentException(
                $"'{tableName}' is not a valid table name: 3-63 letters or digits, starting with a letter.", nameof(tableName));
        }

        return tableName;
    }

    /// <summary>The service forbids / \ # ? and control characters in keys; we refuse them before sending.</summary>
    public static string Validate(string? key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"A {paramName} may not contain '/', '\\', '#', '?' or control characters.", paramName);
            }
        }

        return key;
    }

    /// <summary>The escaped path of one entity: <c>/table(PartitionKey='a%20b',RowKey='O%27%27Brien')</c>.</summary>
    public static string EntityPath(string tableName, string partitionKey, string rowKey) =>
        $"/{tableName}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    // OData doubles a quote inside a literal; the URL then percent-encodes everything but unreserved characters.
    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
