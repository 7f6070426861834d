using CspUpgrades.Domain.Billing;
using CspUpgrades.Functions.Http;
using CspUpgrades.Functions.Upgrades;
using CspUpgrades.Storage.Operations;
using CspUpgrades.Storage.Outbox;
using CspUpgrades.Functions.Settings;
using Microsoft.Extensions.Options;

namespace CspUpgrades.Functions.Events;

/// <summary>
/// The events of an upgrade: accepted, then succeeded or failed, and one per billing line it recorded. Each carries the
/// operation as <c>GET /api/operations/{id}</c> shows it at that moment, so a consumer needs no second call. None when events are off.
/// </summary>
public sealed class UpgradeEvents(IOptions<EventsOptions> options)
{
    public IReadOnlyList<PartnerEvent> Accepted(UpgradeOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return options.Value.Enabled
            ? [Of(PartnerEventTypes.UpgradeAccepted, operation, "accepted", operation.CreatedAt)]
            : [];
    }

    /// <summary>The finished operation's event, then one <c>billing.line_recorded</c> per line (a failed upgrade has none).</summary>
    public IReadOnlyList<PartnerEvent> Finished(UpgradeOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!options.Value.Enabled)
        {
            return [];
        }

        var time = operation.CompletedAt ?? operation.CreatedAt;
        var succeeded = operation.Status == OperationStatus.Succeeded;
        List<PartnerEvent> events =
        [
            Of(succeeded ? PartnerEventTypes.UpgradeSucceeded : PartnerEventTypes.UpgradeFailed, operation, succeeded ? "succeeded" : "failed", time),
        ];
        events.AddRange(operation.BillingLines.Select(line => BillingLineRecorded(operation, line, time)));
        return events;
    }

    private static PartnerEvent Of(string type, UpgradeOperation operation, string what, DateTimeOffset time) =>
        PartnerEventData.Create(
            type, operation.PartnerId, $"upgrade\n{operation.Id.Value}\n{what}", operation.CustomerId, operation.Request.SourceSubscriptionId, time,
            OperationResponse.From(operation));

    private static PartnerEvent BillingLineRecorded(UpgradeOperation operation, BillingLine line, DateTimeOffset time) =>
        PartnerEventData.Create(
            PartnerEventTypes.BillingLineRecorded, operation.PartnerId, $"billing\n{line.LineId}", operation.CustomerId, line.SubscriptionId, time,
            new BillingLineRecordedData(operation.CustomerId.Value, operation.Id.Value, BillingLineResponse.From(line)));
}
