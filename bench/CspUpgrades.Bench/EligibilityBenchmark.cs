using System.Net;
using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.CheckUpgradeEligibility;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Bench;

/// <summary>
/// Issue #6, measurement 1: eligibility checks over HTTP at each caller count, beside the same single-partition
/// query sent straight to Azurite by the same client the app uses. Callers pick a random customer and subscription.
/// </summary>
internal static class EligibilityBenchmark
{
    public static async Task RunAsync(BenchContext context, AppUnderTest app, TableClient table, IReadOnlyList<CustomerData> customers)
    {
        var options = context.Options;
        ProcessMemory.ResetPeak(app.ProcessId);
        // Storage requests per check over every level (the worker's, counted at the storage proxy; only checks run meanwhile).
        var perCheck = await app.StorageRequestsPerInvocationAsync(nameof(CheckUpgradeEligibilityFunction.CheckUpgradeEligibility), async () =>
        {
            foreach (var callers in options.Callers)
            {
                var viaApp = await ClosedLoopLoad.RunAsync(callers, options.WarmUp, options.PhaseDuration, async random =>
                {
                    var (customer, subscription) = Pick(customers, random);
                    using var response = await app.Http.GetAsync(new Uri($"/api/customers/{customer}/subscriptions/{subscription}/upgrades", UriKind.Relative));
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"Eligibility check answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }

                    await response.Content.LoadIntoBufferAsync();
                });
                var raw = await ClosedLoopLoad.RunAsync(callers, options.WarmUp, options.PhaseDuration, async random =>
                {
                    var (customer, _) = Pick(customers, random);
                    await foreach (var _ in table.QueryAsync<TableEntity>(SnapshotFilter(customer)))
                    {
                    }
                });
                context.Log($"eligibility, {callers} callers: app {viaApp.PerSecond:0}/s p99 {viaApp.P99Ms:0.0} ms; raw {raw.PerSecond:0}/s p99 {raw.P99Ms:0.0} ms");

                var area = $"Eligibility, {callers} caller{(callers == 1 ? "" : "s")}";
                var held = callers >= 8;
                context.Measurements.Add(new(area, "checks/s", "/s", viaApp.PerSecond, raw.PerSecond,
                    held ? "≥ 0.8× raw" : null, held ? viaApp.PerSecond >= 0.8 * raw.PerSecond : null));
                context.Measurements.Add(new(area, "p50", "ms", viaApp.P50Ms, raw.P50Ms));
                context.Measurements.Add(new(area, "p95", "ms", viaApp.P95Ms, raw.P95Ms));
                context.Measurements.Add(new(area, "p99", "ms", viaApp.P99Ms, raw.P99Ms, "≤ 2× raw", viaApp.P99Ms <= 2 * raw.P99Ms));
            }
        });

        context.Measurements.Add(new("App process", "peak RSS under eligibility load", "MiB", ProcessMemory.PeakRssMiB(app.ProcessId)));
        context.RequestCounts.Add(RequestBudgets.Eligibility(perCheck));
    }

    /// <summary>The query the app's CustomerStore sends for a check: the customer's profile, subscriptions and claims.</summary>
    public static string SnapshotFilter(CustomerId customer, string? alsoRow = null)
    {
        var partition = TableLayout.CustomerPartition(DataSets.Partner, customer);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and ((RowKey ge {TableLayout.SnapshotRangeStart} and RowKey lt {TableLayout.SnapshotRangeEnd})");
        return (alsoRow is null ? filter : filter + " or " + TableClient.CreateQueryFilter($"RowKey eq {alsoRow}")) + ")";
    }

    private static (CustomerId Customer, SubscriptionId Subscription) Pick(IReadOnlyList<CustomerData> customers, Random random)
    {
        var customer = customers[random.Next(customers.Count)];
        return (customer.Id, customer.Subscriptions[random.Next(customer.Subscriptions.Count)].Id);
    }
}
