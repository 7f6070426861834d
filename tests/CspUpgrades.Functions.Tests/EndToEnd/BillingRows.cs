using System.Globalization;
using Azure.Data.Tables;
using CspUpgrades.Functions.Tests.Support;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Functions.Tests.EndToEnd;

/// <summary>
/// A customer's billing rows as stored, one line per row: keys and every property with its stored type and value,
/// except the service's Timestamp (and the ETag, which is not a property). Two runs that billed the same thing
/// give equal lists, byte for byte.
/// </summary>
public static class BillingRows
{
    public static async Task<IReadOnlyList<string>> OfAsync(WorkerApp app, string partnerId, string customerId)
    {
        var rows = await Steps.PartitionAsync(app, partnerId, customerId);
        return rows
            .Where(row => row.RowKey!.StartsWith(TableLayout.BillingPrefix, StringComparison.Ordinal))
            .OrderBy(row => row.RowKey, StringComparer.Ordinal)
            .Select(Text)
            .ToList();
    }

    private static string Text(TableEntity row) => string.Join("; ", row
        .Where(property => property.Key is not (nameof(TableEntity.Timestamp) or "odata.etag"))
        .OrderBy(property => property.Key, StringComparer.Ordinal)
        .Select(property => $"{property.Key}={property.Value.GetType().Name}:{Convert.ToString(property.Value, CultureInfo.InvariantCulture)}"));
}
