using System.Diagnostics;
using Azure.Data.Tables;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Storage.Customers;

namespace CspUpgrades.Bench;

/// <summary>
/// Writes data sets fast: each customer's rows, exactly as the app's <see cref="CustomerStore"/> maps them, in one
/// transaction (its own partition), several transactions in flight at once; then its line in the partner's customer list,
/// by the refresh the app ends every change with (<see cref="CustomerSummaryStore.RefreshAsync"/>), so the data set is what
/// the app would have stored.
/// </summary>
internal static class Seeder
{
    private const int InFlight = 8;

    private static readonly OfferCatalog Catalog = OfferCatalog.LoadDefault();

    /// <returns>The rows written and how long it took.</returns>
    public static async Task<(int Rows, TimeSpan Elapsed)> SeedAsync(TableClient table, IEnumerable<CustomerData> customers)
    {
        var stopwatch = Stopwatch.StartNew();
        var rows = 0;
        var summaries = new CustomerSummaryStore(table, new CustomerStore(table));
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (customer, cancellationToken) =>
        {
            var entities = await RowsOfAsync(customer);
            foreach (var chunk in entities.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)), cancellationToken);
            }

            await summaries.RefreshAsync(DataSets.Partner, customer.Id, Catalog, TimeProvider.System, cancellationToken);
            Interlocked.Add(ref rows, entities.Count);
        });
        return (rows, stopwatch.Elapsed);
    }

    private static async Task<List<TableEntity>> RowsOfAsync(CustomerData customer)
    {
        var collector = new EntityCollector();
        var store = new CustomerStore(collector);
        await store.SaveProfileAsync(DataSets.Partner, customer.Id, customer.Profile);
        foreach (var subscription in customer.Subscriptions)
        {
            await store.SaveSubscriptionAsync(DataSets.Partner, customer.Id, subscription);
        }

        return collector.Entities;
    }
}
