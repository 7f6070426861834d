using System.Globalization;
using Azure.Data.Tables;

namespace CspUpgrades.Functions.Tests.Http.Support;

/// <summary>Every row of a table with its ETag (which changes on any write): equal snapshots mean nothing was written.</summary>
public static class TableSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(TableClient table)
    {
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add($"{row.PartitionKey} / {row.RowKey} / {row.ETag}");
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Every key and property value of every row, as text (to search for what must never be stored).</summary>
    public static async Task<string> AllTextAsync(TableClient table)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            foreach (var (name, value) in row)
            {
                text.Append(name).Append('=').Append(value switch
                {
                    byte[] bytes => Convert.ToBase64String(bytes) + " " + System.Text.Encoding.UTF8.GetString(bytes),
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                }).Append('\n');
            }
        }

        return text.ToString();
    }
}
