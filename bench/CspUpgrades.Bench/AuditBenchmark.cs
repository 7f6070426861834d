using System.Diagnostics;
using Azure.Data.Tables;
using CspUpgrades.Functions.AuditBlockedUpgrades;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Bench;

/// <summary>
/// Issue #6, measurement 3: the audit over each size, each in a table of its own and a fresh app process (so its
/// peak resident memory belongs to that run alone), its timer fired through the host's admin API; beside it, a raw scan
/// of the same rows by the same client. Time should grow linearly with size and memory stay flat.
/// </summary>
internal static class AuditBenchmark
{
    /// <summary>Audits a table of its own per size in <see cref="BenchOptions.AuditSizes"/>, deleting each afterwards.</summary>
    public static async Task RunSizesAsync(BenchContext context)
    {
        var options = context.Options;
        foreach (var size in options.AuditSizes)
        {
            var table = new TableClient(context.StorageConnectionString, $"audit{size}");
            await table.CreateIfNotExistsAsync();
            var (rows, seeding) = await Seeder.SeedAsync(table, DataSets.MixedWithSubscriptions("a", size, options.MaxSubscriptions, seed: size));
            context.Log($"audit {size:N0}: seeded {rows:N0} rows in {seeding.TotalSeconds:0.0} s ({rows / seeding.TotalSeconds:0}/s)");
            await MeasureAsync(context, table, size, rows, largest: false);
            await table.DeleteAsync();
        }
    }

    /// <summary>Audits <paramref name="table"/> (<paramref name="subscriptions"/> subscriptions in <paramref name="rows"/> customer rows) in a fresh app process.</summary>
    public static async Task MeasureAsync(BenchContext context, TableClient table, int subscriptions, int rows, bool largest)
    {
        await using var app = await AppUnderTest.StartAsync(context.Options.App, context.Storage, table.Name);
        await Task.Delay(500);
        var idle = ProcessMemory.RssMiB(app.ProcessId);
        ProcessMemory.ResetPeak(app.ProcessId);
        var before = app.WorkerStorageRequests;
        var stopwatch = Stopwatch.StartNew();
        await app.RunTimerAsync(nameof(AuditBlockedUpgradesFunction.AuditBlockedUpgrades), TimeSpan.FromMinutes(10));
        var wall = stopwatch.Elapsed.TotalSeconds;
        var peak = ProcessMemory.PeakRssMiB(app.ProcessId);

        // Counted at the storage proxy: the audit is the only invocation meanwhile.
        var requests = app.WorkerStorageRequests - before;
        var findings = await FindingsOfLatestRunAsync(table);

        var rawWatch = Stopwatch.StartNew();
        var (scanned, rawPages) = (0, 0);

        // Pages counted as they come (a request each; the emulator ends a page before 1,000 rows at times, and the app's
        // scan meets the same pages): the benchmark's own clients go through the proxy's uncounted ports.
        await foreach (var page in table.QueryAsync<TableEntity>(CustomerScanner.Filter).AsPages())
        {
            rawPages++;
            scanned += page.Values.Count;
        }

        var rawWall = rawWatch.Elapsed.TotalSeconds;

        // The scan's range also holds the audit's own run rows ("~audits", "run|…"), which the app reads and skips too.
        if (scanned < rows)
        {
            throw new InvalidOperationException($"The raw scan read {scanned} rows, {rows} were seeded.");
        }

        var rawWithWrites = await ScanWhileWritingAsync(table, rows, findings);
        context.Log($"audit {subscriptions:N0}: app {wall:0.00} s, peak RSS {peak:0} MiB (idle {idle:0}); raw scan {rawWall:0.00} s, with the findings' writes {rawWithWrites:0.00} s; {findings} findings");
        var area = $"Audit, {subscriptions:N0} subscriptions";
        context.Measurements.Add(new(area, "wall time", "s", wall, rawWall));
        context.Measurements.Add(new(area, "rows/s", "/s", scanned / wall, scanned / rawWall,
            largest ? "≥ 0.8× raw" : null, largest ? wall <= rawWall / 0.8 : null));
        context.Measurements.Add(new(area, "wall time against a raw scan that also writes the findings", "s", wall, rawWithWrites));
        context.Measurements.Add(new(area, "time per 1,000 subscriptions", "ms", wall * 1000 / subscriptions * 1000, rawWall * 1000 / subscriptions * 1000));
        context.Measurements.Add(new(area, "findings written", "", findings));
        context.Measurements.Add(new(area, "RSS idle before the run", "MiB", idle));
        context.Measurements.Add(new(area, "peak RSS during the run", "MiB", peak));
        context.RequestCounts.Add(RequestBudgets.Audit(subscriptions, await CustomerLinesAsync(table), rawPages, findings, partners: 1, requests));
    }

    /// <summary>The data set's customers, as the audit meets them in the customer list (one line each).</summary>
    private static async Task<int> CustomerLinesAsync(TableClient table) =>
        await table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableLayout.CustomerSummaryPartition(DataSets.Partner)}"), select: ["RowKey"]).CountAsync();

    /// <summary>The findings the audit run that finished last wrote (one partner: the data sets').</summary>
    private static async Task<int> FindingsOfLatestRunAsync(TableClient table)
    {
        var audits = new AuditReportStore(table);
        var runId = await audits.LatestRunIdAsync() ?? throw new InvalidOperationException("The audit recorded no run.");
        var run = await audits.FindRunAsync(runId, DataSets.Partner) ?? throw new InvalidOperationException($"Audit run {runId} is not recorded.");
        return run.FindingCount;
    }

    /// <summary>
    /// The storage work an audit cannot avoid: the same scan, plus as many finding-sized rows as the app wrote, 100 to
    /// a transaction, spread over the scan with one transaction in flight (as the app writes them). On Azurite every
    /// write also costs its single thread time in a table this size, so this is the fairer baseline for the app.
    /// </summary>
    private static async Task<double> ScanWhileWritingAsync(TableClient table, int rows, int findings)
    {
        var batches = (findings + 99) / 100;
        var every = batches == 0 ? int.MaxValue : Math.Max(1, rows / batches);
        var payload = new string('f', 300);
        var writing = Task.CompletedTask;
        var (scanned, written) = (0, 0);
        var watch = Stopwatch.StartNew();
        await foreach (var _ in table.QueryAsync<TableEntity>(CustomerScanner.Filter))
        {
            if (++scanned % every == 0 && written < batches)
            {
                await writing;
                writing = WriteBatchAsync(table, written++, payload);
            }
        }

        while (written < batches)
        {
            await writing;
            writing = WriteBatchAsync(table, written++, payload);
        }

        await writing;
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task WriteBatchAsync(TableClient table, int batch, string payload) =>
        await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity("bench|~raw-findings", $"a|{batch:D6}|{i:D3}") { ["Finding"] = payload })));

    /// <summary>
    /// How much more memory the larger audits needed. Each runs in a fresh process, so the smallest one's peak is mostly
    /// start-up, and the GC's budgets grow with the allocation rate until they settle: what shows whether memory
    /// follows the data is the growth over the last tenfold step (e.g. 10,000 → 106,047), which is the one judged.
    /// </summary>
    public static void AddMemoryGrowth(BenchContext context)
    {
        var peaks = context.Measurements.Where(m => m.Area.StartsWith("Audit, ", StringComparison.Ordinal) && m.Name == "peak RSS during the run").ToList();
        if (peaks.Count > 1)
        {
            context.Measurements.Add(new("Audit, memory", $"peak RSS growth, {peaks[0].Area[7..]} → {peaks[^1].Area[7..]}", "MiB",
                peaks[^1].App!.Value - peaks[0].App!.Value));
        }

        if (peaks.Count > 2)
        {
            var growth = peaks[^1].App!.Value - peaks[^2].App!.Value;
            context.Measurements.Add(new("Audit, memory", $"peak RSS growth, {peaks[^2].Area[7..]} → {peaks[^1].Area[7..]}", "MiB", growth,
                null, "flat (< 25 MiB)", growth < 25));
        }
    }
}
