using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.ExecuteUpgrade;
using CspUpgrades.Storage.Model;

namespace CspUpgrades.Bench;

/// <summary>
/// Issue #6, measurement 2: upgrades end to end (POST → 202 → queue → ExecuteUpgrade committed), and the time
/// from each 202 to its commit (the operation's CompletedAt), beside the raw minimum an upgrade needs — queue send,
/// receive, delete, one snapshot query, one claim insert, one transaction — issued back to back by as many workers.
/// </summary>
internal static class UpgradeBenchmark
{
    public const string AppPrefix = "up";
    public const string WarmUpPrefix = "upw";
    public const string RawPrefix = "raw";
    public const int WarmUps = 8;
    private const string RawQueue = "bench-raw-upgrades";

    public static async Task RunAsync(BenchContext context, AppUnderTest app, TableClient table)
    {
        var options = context.Options;
        var (request, execute) = await StorageRequestsPerUpgradeAsync(app, WarmUpPrefix, WarmUps, options.UpgradeTimeout);

        var hostQueueBefore = app.HostQueueRequests;
        var started = DateTimeOffset.UtcNow;
        var accepted = await RequestAndWaitAsync(app, AppPrefix, options.Upgrades, options.UpgradeCallers, options.UpgradeTimeout);
        var hostQueue = app.HostQueueRequests - hostQueueBefore;

        // Every delivery has been answered; one that failed is retried after host.json's visibility timeout.
        var finished = await ReadOperationsAsync(table, accepted);
        for (var wait = Stopwatch.StartNew(); finished.Any(f => f.Status is not ("succeeded" or "failed")) && wait.Elapsed < options.UpgradeTimeout;)
        {
            await Task.Delay(500);
            finished = await ReadOperationsAsync(table, accepted);
        }

        var failed = finished.Count(f => f.Status != "succeeded");
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {finished.Count} upgrades did not succeed: {string.Join(", ", finished.Where(f => f.Status != "succeeded").Take(5))}");
        }

        var lastCommit = finished.Max(f => f.CompletedAt);
        var appRate = options.Upgrades / (lastCommit - started).TotalSeconds;
        var latencies = finished.Select(f => Math.Max(0, (f.CompletedAt - f.AcceptedAt).TotalMilliseconds)).Order().ToList();
        var requestLatencies = accepted.Select(a => a.RequestMs).Order().ToList();

        var raw = await RawUpgradesAsync(context, table);
        context.Log($"upgrades: app {appRate:0.0}/s (202→succeeded p50 {Percentiles.Of(latencies, 50):0} ms, p99 {Percentiles.Of(latencies, 99):0} ms); raw {raw:0.0}/s");

        var area = $"Upgrade, {options.UpgradeCallers} requesters";
        context.Measurements.Add(new(area, "upgrades/s end to end", "/s", appRate, raw, "≥ 0.7× raw", appRate >= 0.7 * raw));
        context.Measurements.Add(new(area, "POST → 202 p50", "ms", Percentiles.Of(requestLatencies, 50)));
        context.Measurements.Add(new(area, "POST → 202 p99", "ms", Percentiles.Of(requestLatencies, 99)));
        context.Measurements.Add(new(area, "202 → succeeded p50", "ms", Percentiles.Of(latencies, 50)));
        context.Measurements.Add(new(area, "202 → succeeded p99", "ms", Percentiles.Of(latencies, 99)));

        var queue = (double)hostQueue / options.Upgrades;
        context.Measurements.Add(new(area, "host queue requests per upgrade (receive, delete, idle polls)", "", queue));
        context.RequestCounts.Add(RequestBudgets.RequestUpgrade(request));
        context.RequestCounts.Add(RequestBudgets.ExecuteUpgrade(execute));
        var withQueue = 1 + queue + execute;
        context.RequestCounts.Add(RequestBudgets.UpgradeWithQueue(withQueue));
        context.Measurements.Add(new(area, "storage requests per upgrade incl. queue", "", withQueue, null, "≤ 6", withQueue <= 6));
    }

    /// <summary>
    /// The worker's storage requests per upgrade, RequestUpgrade's and ExecuteUpgrade's apart, counted at the storage proxy over
    /// <paramref name="count"/> upgrades one at a time (the first upgrades of a run: they also warm it up). RequestUpgrade queues
    /// its message last, so every request it makes reaches the proxy before the host can take the message and log
    /// ExecuteUpgrade's start; what reaches it from then until ExecuteUpgrade's end is ExecuteUpgrade's.
    /// </summary>
    private static async Task<(double Request, double Execute)> StorageRequestsPerUpgradeAsync(AppUnderTest app, string prefix, int count, TimeSpan timeout)
    {
        var (request, execute) = (0L, 0L);
        for (var n = 0; n < count; n++)
        {
            var before = app.WorkerStorageRequests;
            var executing = app.Log.NextInvocationStart(nameof(ExecuteUpgradeFunction.ExecuteUpgrade), () => app.WorkerStorageRequests);
            var executed = app.Log.NextInvocationEnd(nameof(ExecuteUpgradeFunction.ExecuteUpgrade));
            var customer = DataSets.CustomerId(prefix, n);
            using (var response = await app.Http.PostAsJsonAsync(
                new Uri($"/api/customers/{customer}/subscriptions/{DataSets.SubscriptionId(customer, 0)}/upgrades", UriKind.Relative),
                new { targetOffer = DataSets.UpgradeTargetOffer, upgradeType = "upgrade_only" }))
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"RequestUpgrade answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            var atStart = await executing.WaitAsync(timeout);
            if (await executed.WaitAsync(timeout) is { } error)
            {
                throw new InvalidOperationException($"ExecuteUpgrade failed: {error}\nHost log:\n{app.Output()}");
            }

            request += atStart - before;
            execute += app.WorkerStorageRequests - atStart;
        }

        return ((double)request / count, (double)execute / count);
    }

    /// <summary>Requests one upgrade per customer <c>{prefix}000000…</c>, then waits until ExecuteUpgrade has run for each.</summary>
    private static async Task<List<Accepted>> RequestAndWaitAsync(AppUnderTest app, string prefix, int count, int callers, TimeSpan timeout)
    {
        var executedBefore = app.Log.Ended(nameof(ExecuteUpgradeFunction.ExecuteUpgrade));
        var accepted = new Accepted[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < count; n = Interlocked.Increment(ref next))
            {
                var customer = DataSets.CustomerId(prefix, n);
                var begun = Stopwatch.GetTimestamp();
                using var response = await app.Http.PostAsJsonAsync(
                    new Uri($"/api/customers/{customer}/subscriptions/{DataSets.SubscriptionId(customer, 0)}/upgrades", UriKind.Relative),
                    new { targetOffer = DataSets.UpgradeTargetOffer, upgradeType = "upgrade_only" });
                var at = DateTimeOffset.UtcNow;
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"RequestUpgrade answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                var operation = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                accepted[n] = new Accepted(customer, new OperationId(operation), at, Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
            }
        })));

        var deadline = Stopwatch.StartNew();
        while (app.Log.Ended(nameof(ExecuteUpgradeFunction.ExecuteUpgrade)) < executedBefore + count)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The upgrades were not all executed within {timeout}. App output:\n{app.Output()}");
            }

            await Task.Delay(20);
        }

        return [.. accepted];
    }

    private static async Task<List<Finished>> ReadOperationsAsync(TableClient table, List<Accepted> accepted)
    {
        var finished = new List<Finished>();
        foreach (var upgrade in accepted)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(
                TableLayout.CustomerPartition(DataSets.Partner, upgrade.Customer), TableLayout.OperationRow(upgrade.Operation), ["Status", "CompletedAt"]);
            var entity = row.HasValue ? row.Value! : throw new InvalidOperationException($"Operation {upgrade.Operation} was not recorded.");
            finished.Add(new Finished(upgrade.Operation, entity.GetString("Status") ?? "", upgrade.AcceptedAt, entity.GetDateTimeOffset("CompletedAt") ?? DateTimeOffset.MaxValue));
        }

        return finished;
    }

    /// <summary>The raw baseline: upgrades per second when only the unavoidable calls are made, by the same client.</summary>
    private static async Task<double> RawUpgradesAsync(BenchContext context, TableClient table)
    {
        var options = context.Options;
        // What a developer writes for a queue the Functions trigger reads: the official client, base64 messages.
        var queue = new QueueClient(context.StorageConnectionString, RawQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Upgrades), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
            await table.UpsertEntityAsync(RawOperation(DataSets.CustomerId(RawPrefix, n)), TableUpdateMode.Replace, ct));

        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.UpgradeCallers).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < options.Upgrades; n = Interlocked.Increment(ref next))
            {
                await RawUpgradeAsync(table, queue, DataSets.CustomerId(RawPrefix, n));
            }
        })));
        return options.Upgrades / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task RawUpgradeAsync(TableClient table, QueueClient queue, CustomerId customer)
    {
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { upgradeRequest = new { partnerId = DataSets.Partner.Value, customerId = customer.Value, operationId = "op-" + customer.Value } }));
        QueueMessage[] received;
        do
        {
            received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value;
        }
        while (received.Length == 0);
        await queue.DeleteMessageAsync(received[0].MessageId, received[0].PopReceipt);

        var partition = TableLayout.CustomerPartition(DataSets.Partner, customer);
        var operationRow = TableLayout.OperationRow(new OperationId("op-" + customer.Value));
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(EligibilityBenchmark.SnapshotFilter(customer, operationRow)))
        {
            rows.Add(row);
        }

        var source = rows.Single(r => r.RowKey == TableLayout.SubscriptionRow(DataSets.SubscriptionId(customer, 0)));
        var operation = rows.Single(r => r.RowKey == operationRow);
        var claimRow = source.RowKey + TableLayout.ClaimSuffix;
        var claim = (await table.AddEntityAsync(new TableEntity(partition, claimRow) { ["OperationId"] = operation.RowKey!, ["ClaimedAt"] = DateTimeOffset.UtcNow })).Headers.ETag!.Value;

        source["Status"] = "cancelled";
        var target = new TableEntity(partition, TableLayout.SubscriptionRow(new SubscriptionId(customer.Value + "-target")));
        foreach (var (key, value) in source.Where(p => p.Key is not (nameof(TableEntity.PartitionKey) or nameof(TableEntity.RowKey) or nameof(TableEntity.Timestamp) or "odata.etag")))
        {
            target[key] = value;
        }

        target["Status"] = "active";
        operation["Status"] = "succeeded";
        operation["CompletedAt"] = DateTimeOffset.UtcNow;
        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateReplace, source, source.ETag),
            new(TableTransactionActionType.Add, target),
            new(TableTransactionActionType.UpdateReplace, operation, operation.ETag),
            new(TableTransactionActionType.Add, BillingRow(partition, customer, "credit", -1234)),
            new(TableTransactionActionType.Add, BillingRow(partition, customer, "charge", 5678)),
            new(TableTransactionActionType.Delete, new TableEntity(partition, claimRow), claim),
        ]);
    }

    private static TableEntity RawOperation(CustomerId customer) =>
        new(TableLayout.CustomerPartition(DataSets.Partner, customer), TableLayout.OperationRow(new OperationId("op-" + customer.Value)))
        {
            ["Kind"] = "upgrade",
            ["Status"] = "queued",
            ["SourceSubscriptionId"] = DataSets.SubscriptionId(customer, 0).Value,
            ["TargetOfferId"] = DataSets.UpgradeTargetOffer,
            ["UpgradeType"] = "upgrade_only",
            ["TargetUnitPriceMinor"] = 2300L,
            ["Currency"] = "USD",
            ["RequestHash"] = new string('0', 64),
            ["CreatedAt"] = DateTimeOffset.UtcNow,
        };

    private static TableEntity BillingRow(string partition, CustomerId customer, string kind, long amount) =>
        new(partition, TableLayout.BillingRow($"op-{customer.Value}-{kind}"))
        {
            ["OperationId"] = "op-" + customer.Value,
            ["Kind"] = kind,
            ["Quantity"] = 10,
            ["AmountMinor"] = amount,
            ["Currency"] = "USD",
        };

    private sealed record Accepted(CustomerId Customer, OperationId Operation, DateTimeOffset AcceptedAt, double RequestMs);

    private sealed record Finished(OperationId Operation, string Status, DateTimeOffset AcceptedAt, DateTimeOffset CompletedAt);
}
