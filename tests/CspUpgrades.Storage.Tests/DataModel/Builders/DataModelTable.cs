using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Domain.Customers;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Customers;
using CspUpgrades.Storage.Events;
using CspUpgrades.Storage.History;
using CspUpgrades.Storage.Licenses;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Storage.Tests.Support;
using CspUpgrades.Storage.Upgrades;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Storage.Tests.DataModel.Builders;

/// <summary>One fresh table of the shared Azurite with every repository of the data model on it, and raw views of its rows.</summary>
public sealed class DataModelTable(TableClient table)
{
    public TableClient Table { get; } = table;

    public CustomerStore Customers { get; } = new(table);

    public SubscriptionClaims Claims { get; } = new(table);

    public UpgradeOperationStore Operations { get; } = new(table);

    public UpgradeCommits Upgrades { get; } = new(table);

    public LicenseCommits Licenses { get; } = new(table);

    public SubscriptionHistoryStore History { get; } = new(table);

    public SubscriptionEventStore Events { get; } = new(table);

    public CustomerScanner Scanner { get; } = new(table);

    public AuditReportStore Audits { get; } = new(table);

    public PartnerApiKeyStore ApiKeys { get; } = new(table);

    public static async Task<DataModelTable> CreateAsync(AzuriteFixture azurite, string prefix) =>
        new(await azurite.NewTableAsync(prefix));

    /// <summary>Writes many subscriptions of one customer fast: 100 rows per transaction, several transactions at once.</summary>
    public async Task SeedSubscriptionsAsync(PartnerId partner, CustomerId customer, IEnumerable<Subscription> subscriptions)
    {
        var partition = TableLayout.CustomerPartition(partner, customer);
        var batches = subscriptions
            .Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, SubscriptionEntity.ToEntity(partition, s)))
            .Chunk(100);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            await Table.SubmitTransactionAsync(batch, ct));
    }

    /// <summary>Every row, as "PartitionKey/RowKey" → its ETag, timestamp and every property with its type, to compare before/after.</summary>
    public async Task<SortedDictionary<string, string>> DumpAsync()
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>())
        {
            var text = new StringBuilder().Append("ETag=").Append(row.ETag.ToString());
            foreach (var (name, value) in row.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"; {name}:{value.GetType().Name}=");
                text.Append(value switch
                {
                    DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
                    byte[] bytes => Convert.ToBase64String(bytes),
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                });
            }

            rows.Add($"{row.PartitionKey}/{row.RowKey}", text.ToString());
        }

        return rows;
    }

    public async Task<List<TableEntity>> RowsAsync(PartnerId partner, CustomerId customer) =>
        await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.CustomerPartition(partner, customer)}")).ToListAsync();

    public async Task<TableEntity?> RowAsync(string partitionKey, string rowKey)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey);
        return row.HasValue ? row.Value : null;
    }
}

/// <summary>Compares domain records (whose lists compare by reference) by their JSON.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Of<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static void Equal<T>(T expected, T actual) => Assert.Equal(Of(expected), Of(actual));
}
