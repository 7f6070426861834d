using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CspUpgrades.Functions.Hosting;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Tables;

namespace CspUpgrades.Bench;

/// <summary>
/// Issue #6, measurement 3: the audit over each size, each in a table of its own and a fresh app process (so its
/// peak resident memory belongs to that run alone), invoked as the host invokes the timer; beside it, a raw scan
/// of the same rows by the same client. Time should grow linearly with size and memory stay flat.
/// </summary>
internal static class AuditBenchmark
{
    public static async Task RunAsync(BenchContext context)
    {
        var options = context.Options;
        var sizes = options.AuditSizes;
        var peaks = new List<double>();
        foreach (var size in sizes)
        {
            var table = new TableClient(context.StorageConnectionString, $"audit{size}");
            await table.CreateIfNotExistsAsync();
            var (rows, seeding) = await Seeder.SeedAsync(table, DataSets.MixedWithSubscriptions("a", size, options.MaxSubscriptions, seed: size));
            context.Log($"audit {size:N0}: seeded {rows:N0} rows in {seeding.TotalSeconds:0.0} s ({rows / seeding.TotalSeconds:0}/s)");

            await using (var app = await AppUnderTest.StartAsync(options.App, context.StorageConnectionString, table.Name))
            {
                await Task.Delay(500);
                var idle = ProcessMemory.RssMiB(app.ProcessId);
                ProcessMemory.ResetPeak(app.ProcessId);
                var before = await app.StorageRequestsAsync();
                var stopwatch = Stopwatch.StartNew();
                using var response = await app.Http.PostAsync(
                    new Uri("/" + FunctionManifest.AuditBlockedUpgrades.Name, UriKind.Relative),
                    new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""", Encoding.UTF8, "application/json"));
                var wall = stopwatch.Elapsed.TotalSeconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"The audit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                var peak = ProcessMemory.PeakRssMiB(app.ProcessId);
                var after = await app.StorageRequestsAsync();
                var summary = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ReturnValue");
                var findings = summary.GetProperty("findings").GetInt32();

                var rawWatch = Stopwatch.StartNew();
                var scanned = 0;
                await foreach (var _ in table.QueryAsync(TableClient.CreateQueryFilter($"RowKey ge {TableLayout.SnapshotRangeStart} and RowKey lt {TableLayout.SnapshotRangeEnd}")))
                {
                    scanned++;
                }

                var rawWall = rawWatch.Elapsed.TotalSeconds;
                // The scan's range also holds the audit's own run row ("~audits", "run|…"), which the app reads and skips too.
                if (scanned < rows)
                {
                    throw new InvalidOperationException($"The raw scan read {scanned} rows, {rows} were seeded.");
                }

                rows = scanned;

                context.Log($"audit {size:N0}: app {wall:0.00} s, peak RSS {peak:0} MiB (idle {idle:0}); raw scan {rawWall:0.00} s; {findings} findings");
                var area = $"Audit, {size:N0} subscriptions";
                var largest = size == sizes.Max();
                context.Measurements.Add(new(area, "wall time", "s", wall, rawWall));
                context.Measurements.Add(new(area, "rows/s", "/s", rows / wall, rows / rawWall,
                    largest ? "≥ 0.8× raw" : null, largest ? rows / wall >= 0.8 * rows / rawWall : null));
                context.Measurements.Add(new(area, "time per 1,000 subscriptions", "ms", wall * 1000 / size * 1000, rawWall * 1000 / size * 1000));
                context.Measurements.Add(new(area, "peak RSS during the run", "MiB", peak));
                context.Measurements.Add(new(area, "RSS idle before the run", "MiB", idle));
                peaks.Add(peak);
                var (_, requests) = BenchContext.Delta(before, after, FunctionManifest.AuditBlockedUpgrades.Name);
                context.RequestCounts.Add(RequestBudgets.Audit(size, rows, findings, partners: 1, requests));
            }

            await table.DeleteAsync();
        }

        if (peaks.Count > 1)
        {
            var growth = peaks[^1] - peaks[0];
            context.Measurements.Add(new("Audit, memory", $"peak RSS growth, {sizes[0]:N0} → {sizes[^1]:N0} subscriptions", "MiB", growth,
                null, "flat (< 25 MiB)", growth < 25));
        }
    }
}
