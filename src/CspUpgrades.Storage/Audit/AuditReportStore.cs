using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Storage.Model;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Storage.Audit;

/// <summary>
/// Audit reports, per partner in partition <c>{partnerId}|~audit</c>: a summary row <c>a|{runId}</c> and
/// one row per finding <c>a|{runId}|{n}</c>, written in 100-row transactions as the scan goes. The
/// service-wide row <c>~audits/latest</c> names the last completed run, so "latest" is one point read.
/// </summary>
public class AuditReportStore(TableClient table)
{
    public const string RunsPartition = "~audits";
    public const string LatestRow = "latest";
    /// <summary>Findings per transaction (Table Storage's limit); the audit flushes in multiples of it.</summary>
    public const int FindingsPerTransaction = 100;

    /// <summary>For mocking.</summary>
    protected AuditReportStore() : this(null!)
    {
    }

    /// <summary>Run ids sort by time: <c>20261121T020000Z-1a2b3c4d</c>.</summary>
    public static string NewRunId(DateTimeOffset startedAt) =>
        startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    public static bool IsValidRunId(string? runId) =>
        runId is { Length: > 0 and <= 64 } && runId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Writes findings numbered from <paramref name="firstNumber"/>, at most 100 per transaction.</summary>
    public virtual async Task WriteFindingsAsync(string runId, PartnerId partner, IReadOnlyList<BlockedUpgradeFinding> findings, int firstNumber, CancellationToken cancellationToken = default)
    {
        var partition = TableLayout.AuditPartition(partner);
        for (var offset = 0; offset < findings.Count; offset += FindingsPerTransaction)
        {
            var actions = findings.Skip(offset).Take(FindingsPerTransaction).Select((finding, i) =>
            {
                var entity = new TableEntity(partition, FindingRow(runId, firstNumber + offset + i));
                StorageJson.WriteChunked(entity, "Finding", finding);
                return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
            });
            await table.SubmitEntityGroupAsync(actions.ToList(), cancellationToken);
        }
    }

    /// <summary>The partner's part of the run, with the events announcing it (outbox rows) in the same transaction.</summary>
    public virtual async Task WriteSummaryAsync(AuditRun run, IReadOnlyList<PartnerEvent>? events = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var partition = TableLayout.AuditPartition(run.PartnerId);
        var summary = new TableEntity(partition, SummaryRow(run.RunId))
        {
            ["StartedAt"] = run.StartedAt,
            ["CompletedAt"] = run.CompletedAt,
            ["CustomersScanned"] = run.CustomersScanned,
            ["SubscriptionsScanned"] = run.SubscriptionsScanned,
            ["FindingCount"] = run.FindingCount,
        };
        await table.SubmitEntityGroupAsync(
            [new(TableTransactionActionType.UpsertReplace, summary), .. OutboxEntity.Add(partition, events, upsert: true)], cancellationToken);
    }

    /// <summary>Audit events a run committed and did not publish (its process stopped first): the next run publishes them.</summary>
    public virtual async Task<IReadOnlyList<PendingEvent>> PendingEventsAsync(PartnerId partner, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableLayout.AuditPartition(partner)} and RowKey ge {TableLayout.PublishPrefix} and RowKey lt {TableLayout.PublishPrefix[..^1] + "}"}");
        var pending = new List<PendingEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            pending.Add(OutboxEntity.Pending(row));
        }

        return pending;
    }

    /// <summary>Records a completed run service-wide and makes it the latest, both in one transaction (one partition).</summary>
    public virtual async Task CompleteRunAsync(string runId, DateTimeOffset startedAt, DateTimeOffset completedAt, int customers, int findings, CancellationToken cancellationToken = default)
    {
        var run = new TableEntity(RunsPartition, "run|" + runId)
        {
            ["StartedAt"] = startedAt,
            ["CompletedAt"] = completedAt,
            ["CustomersScanned"] = customers,
            ["FindingCount"] = findings,
        };
        var latest = new TableEntity(RunsPartition, LatestRow) { ["RunId"] = runId, ["CompletedAt"] = completedAt };
        await table.SubmitEntityGroupAsync(
            [new(TableTransactionActionType.UpsertReplace, run), new(TableTransactionActionType.UpsertReplace, latest)],
            cancellationToken);
    }

    public virtual async Task<string?> LatestRunIdAsync(CancellationToken cancellationToken = default)
    {
        var latest = await table.GetEntityIfExistsAsync<TableEntity>(RunsPartition, LatestRow, cancellationToken: cancellationToken);
        return latest.HasValue ? latest.Value!.GetString("RunId") : null;
    }

    /// <summary>The run as this partner sees it; null if no such run completed.</summary>
    public virtual async Task<AuditRun?> FindRunAsync(string runId, PartnerId partner, CancellationToken cancellationToken = default)
    {
        var summary = await table.GetEntityIfExistsAsync<TableEntity>(TableLayout.AuditPartition(partner), SummaryRow(runId), cancellationToken: cancellationToken);
        if (summary.HasValue)
        {
            var row = summary.Value!;
            return new AuditRun(runId, partner, row.GetDateTimeOffset("StartedAt") ?? default, row.GetDateTimeOffset("CompletedAt") ?? default,
                row.GetInt32("CustomersScanned") ?? 0, row.GetInt32("SubscriptionsScanned") ?? 0, row.GetInt32("FindingCount") ?? 0);
        }

        // A completed run that met none of this partner's customers is an empty report, not a missing one.
        var run = await table.GetEntityIfExistsAsync<TableEntity>(RunsPartition, "run|" + runId, cancellationToken: cancellationToken);
        return run.HasValue
            ? new AuditRun(runId, partner, run.Value!.GetDateTimeOffset("StartedAt") ?? default, run.Value.GetDateTimeOffset("CompletedAt") ?? default, 0, 0, 0)
            : null;
    }

    /// <summary>The run's findings for this partner, streamed page by page.</summary>
    public virtual async IAsyncEnumerable<BlockedUpgradeFinding> ReadFindingsAsync(string runId, PartnerId partner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableLayout.AuditPartition(partner)} and RowKey gt {SummaryRow(runId) + "|"} and RowKey lt {SummaryRow(runId) + "}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (StorageJson.ReadChunked<BlockedUpgradeFinding>(row, "Finding") is { } finding)
            {
                yield return finding;
            }
        }
    }

    private static string SummaryRow(string runId) => "a|" + runId;

    // Zero-padded so findings read back in the order they were found.
    private static string FindingRow(string runId, int number) => $"a|{runId}|{number.ToString("D7", CultureInfo.InvariantCulture)}";
}
