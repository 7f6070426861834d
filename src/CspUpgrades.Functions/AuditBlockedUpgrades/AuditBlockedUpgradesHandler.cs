using CspUpgrades.Domain.Audit;
using CspUpgrades.Domain.Catalog;
using CspUpgrades.Domain.Primitives;
using CspUpgrades.Functions.CustomerSummaries;
using CspUpgrades.Functions.Events;
using CspUpgrades.Functions.Telemetry;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Outbox;

namespace CspUpgrades.Functions.AuditBlockedUpgrades;

/// <summary>
/// The daily audit: streams every customer of every partner, applies the domain's audit rule, and
/// writes each partner's findings as it goes, in full transactions of 100 (memory holds one customer and at most
/// two batches of findings: one being written while the scan goes on, one filling). A run that finds nothing is still
/// recorded, so "latest" always says when it last looked. The same scan repairs the partners' customer lists
/// (<see cref="CustomerSummaryRepair"/>): every line out of date is refreshed, so none is more than a day old.
/// </summary>
public partial class AuditBlockedUpgradesHandler(
    CustomerScanner scanner,
    AuditReportStore reports,
    CustomerSummaryRepair summaries,
    AuditEvents events,
    OutboxDrain drain,
    OfferCatalog catalog,
    TimeProvider time,
    ILogger<AuditBlockedUpgradesHandler> logger)
{
    /// <summary>Events pending longer than this were left by a writer that stopped before its drain: the audit publishes them.</summary>
    public static readonly TimeSpan LeftPendingAfter = TimeSpan.FromMinutes(1);

    private const int FlushAt = AuditReportStore.FindingsPerTransaction;

    public async Task<AuditSummary> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var runId = AuditReportStore.NewRunId(startedAt);
        PartnerTally? partner = null;
        var customers = 0;
        var findings = 0;
        var repaired = 0;

        await foreach (var record in scanner.ScanRecordsAsync(cancellationToken))
        {
            var snapshot = record.Snapshot;
            if (partner?.PartnerId != snapshot.PartnerId)
            {
                if (partner is not null)
                {
                    repaired += await FinishPartnerAsync(runId, startedAt, partner, cancellationToken);
                }

                partner = new PartnerTally(snapshot.PartnerId, summaries.ForPartner(snapshot.PartnerId, cancellationToken));
            }

            await partner.Summaries.CheckAsync(record, cancellationToken);
            if (record.PendingEvents.Where(pending => pending.Event.Time < startedAt - LeftPendingAfter).ToList() is { Count: > 0 } left)
            {
                // The backstop of the outbox: whatever no later write or retry of this customer has published yet.
                await drain.DrainAsync(left, cancellationToken);
            }

            var found = BlockedUpgradeAudit.Find(catalog, snapshot);
            partner.Customers++;
            partner.Subscriptions += snapshot.Subscriptions.Count;
            partner.Pending.AddRange(found);
            customers++;
            findings += found.Count;
            if (partner.Pending.Count >= FlushAt)
            {
                await FlushAsync(runId, partner, whole: false, cancellationToken);
            }
        }

        if (partner is not null)
        {
            repaired += await FinishPartnerAsync(runId, startedAt, partner, cancellationToken);
        }

        var completedAt = time.GetUtcNow();
        await reports.CompleteRunAsync(runId, startedAt, completedAt, customers, findings, cancellationToken);
        LogCompleted(logger, runId, customers, findings, (completedAt - startedAt).TotalSeconds);
        LogSummariesRepaired(logger, runId, repaired);
        CspUpgradesTelemetry.RecordAuditFindings(findings);
        return new AuditSummary(runId, customers, findings);
    }

    /// <returns>How many of the partner's customer-list lines were repaired.</returns>
    private async Task<int> FinishPartnerAsync(string runId, DateTimeOffset startedAt, PartnerTally partner, CancellationToken cancellationToken)
    {
        await partner.Summaries.DisposeAsync();
        await FlushAsync(runId, partner, whole: true, cancellationToken);
        await partner.Writing;
        // With the partner's report, its audit.completed event; then that and any an earlier run left unpublished go out.
        var left = await reports.PendingEventsAsync(partner.PartnerId, cancellationToken);
        var run = new AuditRun(runId, partner.PartnerId, startedAt, time.GetUtcNow(), partner.Customers, partner.Subscriptions, partner.Written);
        var announced = events.Completed(run);
        await reports.WriteSummaryAsync(run, announced, cancellationToken);
        await drain.DrainAsync([.. left, .. OutboxRows.OfAudit(run.PartnerId, announced)], cancellationToken);
        return partner.Summaries.Repaired;
    }

    /// <param name="whole">Everything pending (the partner is done); otherwise only full transactions of <see cref="FlushAt"/>,
    /// so a customer whose findings cross the mark does not cost a transaction of a handful.</param>
    private async Task FlushAsync(string runId, PartnerTally partner, bool whole, CancellationToken cancellationToken)
    {
        var count = whole ? partner.Pending.Count : partner.Pending.Count / FlushAt * FlushAt;
        if (count == 0)
        {
            return;
        }

        // One write in flight at a time: the scan goes on while it is written, and a failed write surfaces here or
        // when the partner finishes.
        await partner.Writing;
        var batch = partner.Pending.GetRange(0, count);
        partner.Pending.RemoveRange(0, count);
        partner.Writing = reports.WriteFindingsAsync(runId, partner.PartnerId, batch, partner.Written, cancellationToken);
        partner.Written += batch.Count;
    }

    private sealed class PartnerTally(PartnerId partnerId, CustomerSummaryRepair.PartnerCheck summaries)
    {
        public PartnerId PartnerId { get; } = partnerId;
        public CustomerSummaryRepair.PartnerCheck Summaries { get; } = summaries;
        public int Customers { get; set; }
        public int Subscriptions { get; set; }
        public int Written { get; set; }
        public List<BlockedUpgradeFinding> Pending { get; } = [];
        public Task Writing { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {RunId}: {Customers} customers scanned, {Findings} blocked upgrades found in {Seconds:F1} s")]
    private static partial void LogCompleted(ILogger logger, string runId, int customers, int findings, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {RunId}: {Repaired} customer-list lines were out of date and have been refreshed")]
    private static partial void LogSummariesRepaired(ILogger logger, string runId, int repaired);
}

public sealed record AuditSummary(string RunId, int Customers, int Findings);
