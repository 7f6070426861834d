using CspUpgrades.Functions.Settings;
using CspUpgrades.Storage.Audit;
using CspUpgrades.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Events;

/// <summary>The event of a finished audit, one per partner with its counts and its report's URL. None when events are off.</summary>
public sealed class AuditEvents(IOptions<EventsOptions> options)
{
    public IReadOnlyList<PartnerEvent> Completed(AuditRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!options.Value.Enabled)
        {
            return [];
        }

        var data = new AuditCompletedData(
            run.RunId, run.StartedAt, run.CompletedAt, run.CustomersScanned, run.SubscriptionsScanned, run.FindingCount, "/api/audits/" + run.RunId);
        return
        [
            new PartnerEvent(
                PartnerEventData.IdFor(run.PartnerId, $"audit\n{run.RunId}"), PartnerEventTypes.AuditCompleted, "audits/" + run.RunId,
                run.CompletedAt, run.PartnerId, SubscriptionId: null, PartnerEventData.Serialize(data)),
        ];
    }
}

/// <summary>The data of <c>audit.completed.v1</c>: what the audit read for this partner, how many blocked upgrades it found, and where the report is.</summary>
/// <param name="ReportUrl">The report (JSON, or CSV with <c>Accept: text/csv</c>), relative to the app's address.</param>
public sealed record AuditCompletedData(
    string RunId, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, int CustomersScanned, int SubscriptionsScanned, int BlockedUpgrades, string ReportUrl);
