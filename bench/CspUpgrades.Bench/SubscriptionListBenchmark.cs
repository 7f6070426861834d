using System.Net;
using Azure.Data.Tables;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.CheckUpgradeEligibility;
using CspUpgrades.Functions.GetSubscription;
using CspUpgrades.Functions.ListSubscriptions;

namespace CspUpgrades.Bench;

/// <summary>
/// Issue #32: the partner's view of a customer with <see cref="Subscriptions"/> subscriptions — its list (every subscription
/// evaluated, every eligible option previewed), one subscription, and one eligibility check with previews — each beside the
/// customer's snapshot query sent straight to Azurite, at the caller counts the eligibility targets hold at (8 and more).
/// </summary>
internal static class SubscriptionListBenchmark
{
    public const string Prefix = "wide";
    public const int Customers = 20;
    public const int Subscriptions = 50;

    public static IEnumerable<CustomerData> Data() => DataSets.MixedExactly(Prefix, Customers, Subscriptions, seed: 32);

    public static async Task RunAsync(BenchContext context, AppUnderTest app, TableClient table)
    {
        var options = context.Options;
        var customers = Data().ToList();
        var calls = new (string Area, string Function, Func<CustomerData, Random, string> Path)[]
        {
            ("Subscription list, 50 subscriptions", nameof(ListSubscriptionsFunction.ListSubscriptions), (customer, _) => $"/api/customers/{customer.Id}/subscriptions"),
            ("One subscription of 50", nameof(GetSubscriptionFunction.GetSubscription), (customer, random) => $"/api/customers/{customer.Id}/subscriptions/{Pick(customer, random)}"),
            ("Eligibility with previews, 1 of 50", nameof(CheckUpgradeEligibilityFunction.CheckUpgradeEligibility), (customer, random) => $"/api/customers/{customer.Id}/subscriptions/{Pick(customer, random)}/upgrades"),
        };

        foreach (var (area, function, path) in calls)
        {
            var perCall = await app.StorageRequestsPerInvocationAsync(function, async () =>
            {
                foreach (var callers in options.Callers.Where(callers => callers >= 8).DefaultIfEmpty(options.Callers.Max()))
                {
                    var viaApp = await ClosedLoopLoad.RunAsync(callers, options.WarmUp, options.PhaseDuration, async random =>
                    {
                        using var response = await app.Http.GetAsync(new Uri(path(customers[random.Next(customers.Count)], random), UriKind.Relative));
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            throw new InvalidOperationException($"{function} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        }

                        await response.Content.LoadIntoBufferAsync();
                    });
                    var raw = await ClosedLoopLoad.RunAsync(callers, options.WarmUp, options.PhaseDuration, async random =>
                    {
                        await foreach (var _ in table.QueryAsync<TableEntity>(EligibilityBenchmark.SnapshotFilter(customers[random.Next(customers.Count)].Id)))
                        {
                        }
                    });
                    context.Log($"{area}, {callers} callers: app {viaApp.PerSecond:0}/s p99 {viaApp.P99Ms:0.0} ms; raw {raw.PerSecond:0}/s p99 {raw.P99Ms:0.0} ms");
                    var at = $"{area}, {callers} callers";
                    context.Measurements.Add(new(at, "calls/s", "/s", viaApp.PerSecond, raw.PerSecond, "≥ 0.8× raw", viaApp.PerSecond >= 0.8 * raw.PerSecond));
                    context.Measurements.Add(new(at, "p99", "ms", viaApp.P99Ms, raw.P99Ms, "≤ 2× raw", viaApp.P99Ms <= 2 * raw.P99Ms));
                }
            });
            context.RequestCounts.Add(new(function + " (50 subscriptions)", perCall, 1, 1, "one query over the customer's snapshot row range"));
        }
    }

    private static SubscriptionId Pick(CustomerData customer, Random random) => customer.Subscriptions[random.Next(customer.Subscriptions.Count)].Id;
}
