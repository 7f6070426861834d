using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using CspUpgrades.Functions.Security;
using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Partners;
using CspUpgrades.Testing.App.Entra;
using CspUpgrades.Testing.Azurite;

namespace CspUpgrades.Bench;

/// <summary>
/// One run: its own Azurite, the data sets, then every measurement of issue #6 (and #25's hop and start phases) against
/// the app as deployed, in an order that keeps them apart (starts and audits first, in tables of their own; then the
/// shared data set).
/// </summary>
internal static class BenchRunner
{
    private const string MainTable = "bench";

    /// <returns>The run, also written as JSON to <see cref="BenchOptions.OutputDirectory"/>/run-{timestamp}.json (its path is the second value).</returns>
    public static async Task<(BenchRun Run, string WrittenTo)> RunAsync(BenchOptions options, TextWriter log)
    {
        // The deployment package is unpacked once: every start runs the same folder.
        var unpacked = options with { App = AppPackage.Prepare(options.App) };
        var startedAt = DateTimeOffset.UtcNow;
        var load = Machine.LoadAverage();
        var wall = Stopwatch.StartNew();
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            await using var storage = await StorageProxy.StartAsync(azurite);
            var context = new BenchContext(unpacked, storage, log);
            context.Log($"Azurite (pid {azurite.ProcessId}) at {azurite.TableEndpoint}; load average {load}");
            await MeasureAsync(context);
            var run = new BenchRun(startedAt, wall.Elapsed.TotalSeconds, Machine.Describe(load), Sizes(options), context.Measurements, context.RequestCounts);
            Directory.CreateDirectory(options.OutputDirectory);
            var path = Path.Combine(options.OutputDirectory, $"run-{startedAt:yyyyMMdd-HHmmss}.json");
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(run, BenchJson.Options));
            return (run, path);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task MeasureAsync(BenchContext context)
    {
        var options = context.Options;
        var table = new TableClient(context.StorageConnectionString, MainTable);
        await table.CreateIfNotExistsAsync();
        await StartupBenchmark.RunAsync(context, MainTable);
        await AuditBenchmark.RunSizesAsync(context);

        var customers = DataSets.Mixed("c", options.Customers, options.MaxSubscriptions, seed: 6).ToList();
        var seeded = await Seeder.SeedAsync(table, customers
            .Concat(DataSets.Upgradable(UpgradeBenchmark.AppPrefix, options.Upgrades))
            .Concat(DataSets.Upgradable(UpgradeBenchmark.WarmUpPrefix, UpgradeBenchmark.WarmUps))
            .Concat(DataSets.Upgradable(UpgradeBenchmark.RawPrefix, options.Upgrades))
            .Concat(SubscriptionListBenchmark.Data())
            .Concat(DataSets.Upgradable(UseCaseRequestsBenchmark.LicensePrefix, options.Samples))
            .Concat(DataSets.Upgradable(UseCaseRequestsBenchmark.WebhookPrefix, options.Samples)));
        context.Log($"seeded {seeded.Rows:N0} rows ({customers.Sum(c => c.Subscriptions.Count):N0} subscriptions of {customers.Count:N0} customers for eligibility) in {seeded.Elapsed.TotalSeconds:0.0} s");

        // The largest audit reads this data set (everything seeded so far): seeding another 100,000 would double the run.
        var subscriptions = customers.Sum(c => c.Subscriptions.Count) + (SubscriptionListBenchmark.Customers * SubscriptionListBenchmark.Subscriptions) + (2 * options.Upgrades) + UpgradeBenchmark.WarmUps + (2 * options.Samples);
        await AuditBenchmark.MeasureAsync(context, table, subscriptions, seeded.Rows, largest: true);
        AuditBenchmark.AddMemoryGrowth(context);

        // Entra ID on, against an issuer on loopback: the partner's tenant is mapped, so it can also call with a bearer token
        // (CredentialCostBenchmark). API-key calls are untouched by it.
        await using var identity = await TestIdentityProvider.StartAsync();
        var clientId = Guid.NewGuid().ToString("D");
        await using var app = await AppUnderTest.StartAsync(options.App, context.Storage, MainTable, new Dictionary<string, string>
        {
            [AppSettings.EntraInstance] = identity.Instance,
            [AppSettings.EntraClientId] = clientId,
        });
        var key = await new PartnerApiKeyStore(table).CreateKeyAsync(DataSets.Partner, "benchmark", TimeProvider.System);
        app.Http.DefaultRequestHeaders.Add("X-Api-Key", key.Reveal());
        var tenant = Guid.NewGuid();
        await new PartnerTenantStore(table).AddAsync(tenant, DataSets.Partner, DateTimeOffset.UtcNow);
        var bearerToken = identity.Issue(new TokenRequest(tenant, clientId) { Roles = [EntraPermissions.Read], Lifetime = TimeSpan.FromHours(4) });

        // Read the key once before anything is counted: a busy instance checks keys from its cache.
        using (await app.Http.GetAsync(new Uri("/api/operations/none", UriKind.Relative)))
        {
        }

        await Task.Delay(1000);
        context.Measurements.Add(new("App process", "RSS idle", "MiB", ProcessMemory.RssMiB(app.ProcessId)));

        await InvocationHopBenchmark.RunAsync(context, app);

        await EligibilityBenchmark.RunAsync(context, app, table, customers);
        await CredentialCostBenchmark.RunAsync(context, app, customers[0], bearerToken);
        await SubscriptionListBenchmark.RunAsync(context, app, table);
        ProcessMemory.ResetPeak(app.ProcessId);
        await UpgradeBenchmark.RunAsync(context, app, table);
        context.Measurements.Add(new("App process", "peak RSS under upgrade load", "MiB", ProcessMemory.PeakRssMiB(app.ProcessId)));
        await UseCaseRequestsBenchmark.RunAsync(context, app);
    }

    private static Dictionary<string, string> Sizes(BenchOptions options) => new()
    {
        ["customers"] = options.Customers.ToString(CultureInfo.InvariantCulture),
        ["maxSubscriptions"] = options.MaxSubscriptions.ToString(CultureInfo.InvariantCulture),
        ["callers"] = string.Join(',', options.Callers),
        ["secondsPerLevel"] = options.PhaseDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ["upgrades"] = options.Upgrades.ToString(CultureInfo.InvariantCulture),
        ["upgradeCallers"] = options.UpgradeCallers.ToString(CultureInfo.InvariantCulture),
        ["auditSizes"] = string.Join(',', options.AuditSizes),
        ["samples"] = options.Samples.ToString(CultureInfo.InvariantCulture),
        ["starts"] = options.Starts.ToString(CultureInfo.InvariantCulture),
        ["hopCalls"] = options.HopCalls.ToString(CultureInfo.InvariantCulture),
        ["app"] = options.App,
    };
}
